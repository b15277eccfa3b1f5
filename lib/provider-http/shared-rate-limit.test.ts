import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testServers } from '@/test/databases';
import { createSharedTokenBucket } from './shared-rate-limit';

describe.each(testServers())('shared rate limit on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let pools: Pool[];
  beforeAll(async () => {
    t = await freshDatabase(url);
    // Two pools stand for two worker processes.
    pools = [0, 1].map(() => new Pool({ connectionString: t.url, max: 4 }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await t?.drop();
  });

  it('spaces requests from two processes as one stream at the rate', async () => {
    // The sleeps are recorded, not slept: each is how long that caller would wait for its slot.
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const [a, b] = pools.map((pool) =>
      createSharedTokenBucket({ pool, key: 'goroute:test', ratePerSecond: 20, sleep }),
    );
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => [a!.take(), b!.take()][i % 2]).concat(
        Array.from({ length: 10 }, (_, i) => [b!.take(), a!.take()][i % 2]),
      ),
    );
    const elapsed = performance.now() - started;
    // 20 requests at 20/s: the last one's slot is 19 spacings (950 ms) after the first, whichever process
    // asked; two buckets of their own would each have let theirs through within 450 ms.
    expect(waits.length).toBeGreaterThanOrEqual(18);
    expect(Math.max(...waits)).toBeGreaterThan(950 - elapsed - 50);
    const { rows } = await pools[0]!.query<{ ahead_ms: number }>(
      `select extract(epoch from next_at - clock_timestamp()) * 1000 as ahead_ms from rate_limit_slots where key = 'goroute:test'`,
    );
    expect(Number(rows[0]!.ahead_ms)).toBeGreaterThan(1000 - elapsed - 50);
  });

  it('a 429 in one process holds the other process for Retry-After', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const [a, b] = pools.map((pool) =>
      createSharedTokenBucket({ pool, key: 'goroute:paused', ratePerSecond: 50, sleep }),
    );
    const started = performance.now();
    await a!.pause!(1_500);
    await b!.take();
    expect(waits[0]).toBeGreaterThan(1_500 - (performance.now() - started) - 50);
  });

  it('keeps separate slots per key (test and live are separate accounts)', async () => {
    const waits: number[] = [];
    const bucket = createSharedTokenBucket({
      pool: pools[0]!,
      key: 'exdata:live',
      ratePerSecond: 1,
      sleep: async (ms) => void waits.push(ms),
    });
    await bucket.take();
    expect(waits).toEqual([]);
  });

  it('throttles in the process alone when the database cannot be asked', async () => {
    const dead = new Pool({ connectionString: t.url.replace(/\/[^/?]+(\?|$)/, '/no_such_database$1'), max: 1 });
    dead.on('error', () => {});
    const reasons: unknown[] = [];
    const bucket = createSharedTokenBucket({
      pool: dead,
      key: 'goroute:test',
      ratePerSecond: 1000,
      onFallback: (e) => reasons.push(e),
    });
    await bucket.take();
    expect(reasons).toHaveLength(1);
    await dead.end();
  });
});
