import { describe, expect, it } from 'vitest';
import { addHistograms, quantileMs } from './histogram';

describe('latency histograms', () => {
  it('interpolates a quantile inside its bucket', () => {
    // 10 calls ≤ 25 ms, 10 in (25, 50]: the median sits at the top of the first bucket, p75 halfway through the second.
    const h = [10, 10, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(quantileMs(h, 0.5)).toBe(25);
    expect(quantileMs(h, 0.75)).toBe(37.5);
  });

  it('says nothing without observations and caps at the last bound', () => {
    expect(quantileMs([0, 0, 0], 0.5)).toBeNull();
    expect(quantileMs([0, 0, 0, 0, 0, 0, 0, 0, 0, 4], 0.95)).toBe(10000);
  });

  it('adds bucket by bucket', () => {
    expect(addHistograms([1, 2], [3, 4, 5])).toEqual([4, 6, 5]);
  });
});
