import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  RETRY_DELAYS_MS,
  RETRY_SPAN_MS,
  formatSpan,
  retryDelayBounds,
  retryDelayMs,
  retryOutlook,
  retrySchedule,
} from './retry-schedule';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('retry backoff', () => {
  it('rides out an outage of six hours before giving up, starting with short waits', () => {
    expect(RETRY_SPAN_MS).toBeGreaterThanOrEqual(6 * HOUR);
    expect(RETRY_SPAN_MS).toBeLessThan(7 * HOUR);
    expect(MAX_ATTEMPTS).toBe(RETRY_DELAYS_MS.length + 1);
    expect(MAX_ATTEMPTS).toBeGreaterThanOrEqual(12);
    expect(
      retrySchedule()
        .slice(0, 4)
        .map((s) => s.atMs),
    ).toEqual([0, 30_000, 90_000, 210_000]);
    expect(retrySchedule().at(-1)).toEqual({ attempt: MAX_ATTEMPTS, atMs: RETRY_SPAN_MS });
  });

  it('never waits less than the step, at most a tenth more, whatever the jitter', () => {
    expect(retryDelayMs(1, null, () => 0)).toBe(30_000);
    expect(retryDelayMs(1, null, () => 1)).toBe(33_000);
    expect(retryDelayMs(4, null, () => 0.5)).toBe(5.25 * MINUTE);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const { minMs, maxMs } = retryDelayBounds(attempt);
      for (const r of [0, 0.3, 0.999, 1])
        expect(retryDelayMs(attempt, null, () => r)).toSatisfy((d: number) => d >= minMs && d <= maxMs);
    }
  });

  it('grows, then holds at an hour', () => {
    for (let i = 1; i < RETRY_DELAYS_MS.length; i++)
      expect(RETRY_DELAYS_MS[i]).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[i - 1]!);
    expect(retryDelayMs(30, null, () => 0)).toBe(HOUR);
  });

  it('never retries sooner than Retry-After', () => {
    expect(retryDelayMs(1, 90_000, () => 1)).toBe(90_000);
    expect(retryDelayMs(1, 1_000, () => 0)).toBe(30_000);
  });

  it('tells where a failure stands: the next attempt and when automation gives up', () => {
    const next = new Date('2026-11-20T10:00:00Z');
    expect(retryOutlook(1, next)).toEqual({
      nextAttempt: 2,
      maxAttempts: MAX_ATTEMPTS,
      nextAt: next,
      givesUpAt: new Date(next.getTime() + RETRY_SPAN_MS - 30_000),
      spanMs: RETRY_SPAN_MS,
    });
    expect(retryOutlook(MAX_ATTEMPTS - 1, next)?.givesUpAt).toEqual(next);
    expect(retryOutlook(MAX_ATTEMPTS, next)).toBeNull();
  });

  it('writes spans for people', () => {
    expect(formatSpan(30_000)).toBe('30 s');
    expect(formatSpan(20 * MINUTE)).toBe('20 min');
    expect(formatSpan(2 * HOUR)).toBe('2 h');
    expect(formatSpan(RETRY_SPAN_MS)).toBe('6 h 9 min');
  });
});
