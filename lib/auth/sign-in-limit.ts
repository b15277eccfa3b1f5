import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/** Failed password sign-ins per e-mail that lock it until the window that began with the first of them ends. */
export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_S = 15 * 60;

/** The error code next-auth passes to the login page (`?error=SignInLocked`) when an e-mail is locked. */
export const SIGN_IN_LOCKED = 'SignInLocked';

// One limiter per pool: tests run several databases in one process. The store is PostgreSQL (table
// sign_in_limits, migration 0009), so every app instance counts the same attempts.
const limiters = new WeakMap<Pool, RateLimiterPostgres>();

function limiterFor(pool: Pool) {
  let limiter = limiters.get(pool);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: pool,
      tableName: 'sign_in_limits',
      tableCreated: true,
      keyPrefix: 'password',
      points: MAX_FAILED_SIGN_INS,
      duration: SIGN_IN_WINDOW_S,
    });
    limiters.set(pool, limiter);
  }
  return limiter;
}

/**
 * Per e-mail, not per address: behind no trusted proxy the client sets X-Forwarded-For itself, so an address
 * limit could be dodged by changing a header. Unknown e-mails are counted too, so a lock says nothing about
 * whether an account exists.
 */
export async function signInLocked(pool: Pool, email: string): Promise<boolean> {
  const res = await limiterFor(pool).get(email);
  return res !== null && res.consumedPoints >= MAX_FAILED_SIGN_INS;
}

/** Counts a failed attempt. */
export async function recordFailedSignIn(pool: Pool, email: string) {
  try {
    await limiterFor(pool).consume(email);
  } catch (error) {
    // rate-limiter-flexible rejects with a RateLimiterRes when the allowance is used up, and with an Error
    // when the store fails; only the latter is a real failure.
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}

/** A successful sign-in clears the count, so a user's old typos do not add up to a lock. */
export async function clearFailedSignIns(pool: Pool, email: string) {
  await limiterFor(pool).delete(email);
}
