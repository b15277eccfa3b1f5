/** How many times automation tries a retryable failure before a person has to look at it. */
export const MAX_ATTEMPTS = 8;

const BASE_MS = 2_000;
const CAP_MS = 10 * 60_000;

/**
 * Exponential backoff with full jitter, never sooner than the provider's Retry-After:
 * max(Retry-After, random(½..1) × min(cap, base × 2^attempt)).
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, random: () => number = Math.random): number {
  const exponential = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential * (0.5 + random() / 2));
  return Math.max(retryAfterMs ?? 0, jittered);
}
