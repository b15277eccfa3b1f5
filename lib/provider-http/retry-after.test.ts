import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryAfterFromBody } from './retry-after';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', NOW)).toBe(30_000);
  });

  it('never returns a negative wait for a date in the past', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores missing and malformed values', () => {
    for (const value of [undefined, null, '', 'soon', '-5', '12abc']) expect(parseRetryAfter(value, NOW)).toBeNull();
  });
});

describe('retryAfterFromBody', () => {
  it('reads seconds as a number or numeric string', () => {
    expect(retryAfterFromBody(7)).toBe(7000);
    expect(retryAfterFromBody('7')).toBe(7000);
    expect(retryAfterFromBody(undefined)).toBeNull();
    expect(retryAfterFromBody(-1)).toBeNull();
    expect(retryAfterFromBody('later')).toBeNull();
  });
});
