const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * How long automation waits after each failed attempt before the next one (the n-th entry follows attempt n).
 * Short first, for a blip; then hourly, so that a provider outage of several hours (an incident, a maintenance
 * window) is ridden out instead of dead-lettering everything in flight — 8 attempts 2^n × 2 s apart gave up
 * after about two minutes. Sends to GoRoute and exdata uploads and extractions all follow it.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  20 * MINUTE,
  30 * MINUTE,
  HOUR,
  HOUR,
  HOUR,
  HOUR,
  HOUR,
];

/** How many times automation tries a retryable failure before a person has to look at it: the first try and one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * Each wait is stretched by up to this share at random, never shortened: a burst of sends that failed together
 * comes back spread out, and the schedule above stays the least time a failure is given.
 */
const JITTER = 0.1;

/** The scheduled wait after failed attempt `attempt` (1-based), before jitter; past the end, the last step. */
function stepAfter(attempt: number): number {
  const index = Math.min(Math.max(1, attempt), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[index]!;
}

/** The wait after failed attempt `attempt`: its step, jittered upwards, and never sooner than the provider's Retry-After. */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  const jittered = Math.round(stepAfter(attempt) * (1 + JITTER * random()));
  return Math.max(retryAfterMs ?? 0, jittered);
}

/** The least and most a retry after `attempt` waits, Retry-After aside (what the reliability scenario checks the queue against). */
export function retryDelayBounds(attempt: number): { minMs: number; maxMs: number } {
  const step = stepAfter(attempt);
  return { minMs: step, maxMs: Math.round(step * (1 + JITTER)) };
}

/** The whole schedule, from a first attempt at 0: when each attempt is due (without jitter). */
export function retrySchedule(): { attempt: number; atMs: number }[] {
  let at = 0;
  return [{ attempt: 1, atMs: 0 }, ...RETRY_DELAYS_MS.map((delay, i) => ({ attempt: i + 2, atMs: (at += delay) }))];
}

/** From the first attempt to the last one, without jitter: how long automation keeps trying. */
export const RETRY_SPAN_MS = RETRY_DELAYS_MS.reduce((sum, d) => sum + d, 0);

export type RetryOutlook = { nextAttempt: number; maxAttempts: number; nextAt: Date; givesUpAt: Date; spanMs: number };

/**
 * Where a failure stands in the schedule after `failedAttempts` attempts, the next one due at `nextAt`: which
 * attempt comes next and when automation gives up (the last attempt's due time, unjittered) if every one fails.
 * Null when no attempt is left.
 */
export function retryOutlook(failedAttempts: number, nextAt: Date): RetryOutlook | null {
  const nextAttempt = failedAttempts + 1;
  if (nextAttempt > MAX_ATTEMPTS) return null;
  const remaining = RETRY_DELAYS_MS.slice(Math.max(0, nextAttempt - 1)).reduce((sum, d) => sum + d, 0);
  return {
    nextAttempt,
    maxAttempts: MAX_ATTEMPTS,
    nextAt,
    givesUpAt: new Date(nextAt.getTime() + remaining),
    spanMs: RETRY_SPAN_MS,
  };
}

/** "30 s", "5 min", "6 h 8 min": a span for people. */
export function formatSpan(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / SECOND)} s`;
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
