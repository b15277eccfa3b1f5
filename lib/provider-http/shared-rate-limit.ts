import type { Pool } from 'pg';
import { createTokenBucket, type TokenBucket } from './rate-limit';

type SharedBucketOptions = {
  pool: Pool;
  /** One slot row per key, e.g. `goroute:test`: test and live keys have separate limits. */
  key: string;
  ratePerSecond: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told when the database cannot be asked and the process falls back to its own bucket. */
  onFallback?: (error: unknown) => void;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// One statement reserves the next slot for this caller and says how long to wait for it. The row lock
// orders concurrent callers from every process; the database's clock is the only clock, so processes on
// machines whose clocks disagree still space their requests evenly.
const RESERVE = `
  insert into rate_limit_slots as s (key, next_at) values ($1, clock_timestamp() + $2 * interval '1 millisecond')
  on conflict (key) do update set next_at = greatest(s.next_at, clock_timestamp()) + $2 * interval '1 millisecond'
  returning greatest(0, extract(epoch from (s.next_at - clock_timestamp())) * 1000 - $2) as wait_ms`;

const PAUSE = `
  insert into rate_limit_slots as s (key, next_at) values ($1, clock_timestamp() + $2 * interval '1 millisecond')
  on conflict (key) do update set next_at = greatest(s.next_at, clock_timestamp() + $2 * interval '1 millisecond')`;

/**
 * A token bucket (burst 1) kept in PostgreSQL and shared by every worker and app process: requests to
 * the provider are spaced at the rate across all of them. When the database cannot be asked, the process
 * throttles on its own (the send would fail on the same outage anyway; the call is still never faster).
 */
export function createSharedTokenBucket({
  pool,
  key,
  ratePerSecond,
  sleep = defaultSleep,
  onFallback,
}: SharedBucketOptions): TokenBucket {
  if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
  const spacingMs = 1000 / ratePerSecond;
  const local = createTokenBucket({ ratePerSecond });
  return {
    async take() {
      let waitMs: number;
      try {
        const { rows } = await pool.query<{ wait_ms: string }>(RESERVE, [key, spacingMs]);
        waitMs = Number(rows[0]?.wait_ms ?? 0);
      } catch (error) {
        onFallback?.(error);
        return local.take();
      }
      if (waitMs > 0) await sleep(waitMs);
    },
    async pause(ms) {
      try {
        await pool.query(PAUSE, [key, ms]);
      } catch (error) {
        onFallback?.(error);
      }
      await local.pause?.(ms);
    },
  };
}
