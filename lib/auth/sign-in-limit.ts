import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Database } from '@/db/client';
import { signInFailures } from '@/db/schema';
import { clientKey } from '@/lib/http/client-address';

/**
 * Password guessing is slowed, never stopped outright for an account: a hard lock per e-mail let anyone who
 * knows a colleague's address keep them out. Failures are counted per (e-mail, client) and per client, and past
 * a free allowance each further attempt from that pair (or client) must wait twice as long as the last one,
 * up to MAX_DELAY_S. The real user, on their own client, has no failures counted against them and gets in at
 * once; a stranger slows only themself. The counts live in PostgreSQL (rate-limiter-flexible's store, table
 * sign_in_limits), so every app instance enforces them together.
 */
export const FREE_FAILURES_PER_ACCOUNT_CLIENT = 5;
export const FREE_FAILURES_PER_CLIENT = 30;
const MAX_DELAY_S = 15 * 60;
/** Failures older than this (counted from the first of a run) are forgotten. */
const FAILURE_WINDOW_S = 60 * 60;

/** The error next-auth passes to the login page (`?error=SignInDelayed:<seconds>`). */
const SIGN_IN_DELAYED = 'SignInDelayed';

export class SignInDelayedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`${SIGN_IN_DELAYED}:${retryAfterSeconds}`);
  }
}

/** Seconds to wait before the next attempt after `failures` failures, the first `free` of them without a wait. */
export function delayAfter(failures: number, free: number): number {
  if (failures <= free) return 0;
  return Math.min(2 ** (failures - free - 1), MAX_DELAY_S);
}

type Limiters = { failures: RateLimiterPostgres; gate: RateLimiterPostgres };
// One set per pool: tests run several databases in one process.
const limiters = new WeakMap<Pool, Limiters>();

function limitersFor(database: Database): Limiters {
  // drizzle() keeps its pool as $client (the app's `db` proxy passes it through); the limiter talks pg directly.
  const pool = (database as Database & { $client: Pool }).$client;
  let l = limiters.get(pool);
  if (!l) {
    const common = { storeClient: pool, tableName: 'sign_in_limits', tableCreated: true } as const;
    l = {
      // A counter only: penalty() adds without ever refusing.
      failures: new RateLimiterPostgres({
        ...common,
        keyPrefix: 'fail',
        points: Number.MAX_SAFE_INTEGER,
        duration: FAILURE_WINDOW_S,
      }),
      // One attempt per delay: the upsert is atomic, so parallel attempts cannot all slip through one slot.
      gate: new RateLimiterPostgres({ ...common, keyPrefix: 'gate', points: 1, duration: 1 }),
    };
    limiters.set(pool, l);
  }
  return l;
}

const pairKey = (email: string, client: string) => `pair:${email}|${clientKey(client)}`;
const soloKey = (client: string) => `client:${clientKey(client)}`;

/**
 * Past the free allowance, an attempt must take the key's one slot: the upsert is atomic, so of many attempts
 * arriving at once only one is checked. A failure then closes the slot for the doubled delay (recordFailedSignIn).
 */
async function passGate(l: Limiters, key: string, failures: number, free: number) {
  if (failures < free) return;
  try {
    await l.gate.consume(key, 1, { customDuration: Math.max(1, delayAfter(failures, free)) });
  } catch (error) {
    if (error instanceof RateLimiterRes)
      throw new SignInDelayedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    throw error;
  }
}

/**
 * Lets an attempt through, or throws SignInDelayedError with the seconds to wait. Called before the password is
 * compared, so a delayed attempt learns nothing, right password or not.
 */
export async function admitSignIn(database: Database, email: string, client: string): Promise<void> {
  const l = limitersFor(database);
  const [pair, solo] = await Promise.all([l.failures.get(pairKey(email, client)), l.failures.get(soloKey(client))]);
  await passGate(l, pairKey(email, client), pair?.consumedPoints ?? 0, FREE_FAILURES_PER_ACCOUNT_CLIENT);
  await passGate(l, soloKey(client), solo?.consumedPoints ?? 0, FREE_FAILURES_PER_CLIENT);
}

async function closeGate(l: Limiters, key: string, failures: number, free: number) {
  const delay = delayAfter(failures, free);
  if (delay > 0) await l.gate.block(key, delay);
}

/**
 * Counts a failed attempt against the pair and the client, closes their slots for the next delay, and keeps a
 * row for the alert and for support. An attempt refused for its delay writes no row (it would let anyone fill
 * the table as fast as they can post).
 */
export async function recordFailedSignIn(database: Database, email: string, client: string) {
  const l = limitersFor(database);
  const [pair, solo] = await Promise.all([
    l.failures.penalty(pairKey(email, client)),
    l.failures.penalty(soloKey(client)),
  ]);
  await Promise.all([
    closeGate(l, pairKey(email, client), pair.consumedPoints, FREE_FAILURES_PER_ACCOUNT_CLIENT),
    closeGate(l, soloKey(client), solo.consumedPoints, FREE_FAILURES_PER_CLIENT),
  ]);
  await database
    .insert(signInFailures)
    .values({ email: email.slice(0, 254), client: client.slice(0, 64), reason: 'password' });
}

/**
 * A successful sign-in forgets that pair's failures (old typos do not add up), but not the client's: an attacker
 * signing in to their own account must not wipe the count of their guesses at others.
 */
export async function clearFailedSignIns(database: Database, email: string, client: string) {
  const l = limitersFor(database);
  await Promise.all([l.failures.delete(pairKey(email, client)), l.gate.delete(pairKey(email, client))]);
}
