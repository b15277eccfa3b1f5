import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff';

describe('retry backoff', () => {
  it('grows exponentially with jitter between half and the full step', () => {
    expect(retryDelayMs(1, null, () => 0)).toBe(1_000);
    expect(retryDelayMs(1, null, () => 1)).toBe(2_000);
    expect(retryDelayMs(4, null, () => 1)).toBe(16_000);
  });

  it('never retries sooner than Retry-After', () => {
    expect(retryDelayMs(1, 30_000, () => 1)).toBe(30_000);
  });

  it('caps the wait at ten minutes', () => {
    expect(retryDelayMs(30, null, () => 1)).toBe(600_000);
  });
});
