export type TokenBucket = {
  take(): Promise<void>;
  /** Holds every later take() for at least `ms` (the provider answered 429 with Retry-After). */
  pause?(ms: number): Promise<void>;
};

export type TokenBucketOptions = {
  ratePerSecond: number;
  /**
   * Requests allowed back to back after an idle spell. Default 1: sends are spaced evenly, so a
   * provider counting per fixed second never sees two seconds' worth at a window edge.
   */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Client-side throttle. The balance may go negative: each caller takes its token at once and waits
 * until the bucket would have refilled to it, which queues callers in arrival order without a list.
 */
export function createTokenBucket({
  ratePerSecond,
  burst = 1,
  now = Date.now,
  sleep = defaultSleep,
}: TokenBucketOptions): TokenBucket {
  if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
  if (!(burst >= 1)) throw new RangeError('burst must be >= 1');
  let tokens = burst;
  let last = now();
  return {
    async take() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) * ratePerSecond) / 1000);
      last = t;
      tokens -= 1;
      if (tokens < 0) await sleep((-tokens * 1000) / ratePerSecond);
    },
    async pause(ms) {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) * ratePerSecond) / 1000);
      last = t;
      // A balance this far below zero makes the next caller wait `ms`, and those after it their share more.
      tokens = Math.min(tokens, 1 - (ms * ratePerSecond) / 1000);
    },
  };
}
