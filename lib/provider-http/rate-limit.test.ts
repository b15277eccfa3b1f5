import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './rate-limit';

/** A clock that only moves when someone sleeps, so waits are exact and the test takes no time. */
function fakeClock() {
  let t = 0;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    advance: (ms: number) => (t += ms),
    waits,
  };
}

describe('token bucket', () => {
  it('spaces requests evenly at the rate', async () => {
    // Four callers at the same instant: the first passes, each next waits one interval longer.
    const waits: number[] = [];
    const bucket = createTokenBucket({ ratePerSecond: 4, now: () => 0, sleep: async (ms) => void waits.push(ms) });
    await Promise.all([1, 2, 3, 4].map(() => bucket.take()));
    expect(waits).toEqual([250, 500, 750]);
  });

  it('lets a burst through at once, then throttles', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 10, burst: 3, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i++) await bucket.take();
    expect(clock.waits).toEqual([]);
    await bucket.take();
    expect(clock.waits).toEqual([100]);
  });

  it('refills while idle but never beyond the burst', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 2, burst: 2, now: clock.now, sleep: clock.sleep });
    await bucket.take();
    await bucket.take();
    clock.advance(60_000);
    await bucket.take();
    await bucket.take();
    expect(clock.waits).toEqual([]);
    await bucket.take();
    expect(clock.waits).toEqual([500]);
  });

  it('holds the long-run rate: 100 takes at 50/s need about 2 s', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 50, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 100; i++) await bucket.take();
    expect(clock.now()).toBeCloseTo(1980, 5);
  });

  it('a 429 pause holds the next caller for Retry-After, and those after it at the rate', async () => {
    const clock = fakeClock();
    const bucket = createTokenBucket({ ratePerSecond: 10, now: clock.now, sleep: clock.sleep });
    await bucket.pause!(2_000);
    await bucket.take();
    await bucket.take();
    expect(clock.waits).toEqual([2_000, 100]);
  });

  it('rejects a non-positive rate', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
  });
});
