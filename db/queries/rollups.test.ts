import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCalls, transactions } from '@/db/schema';
import { freshDatabase, testServers } from '@/test/databases';
import { apiHistograms, rollupTotals } from './rollups';

describe.each(testServers())('rollup deltas on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    t = await freshDatabase(url);
  });
  afterAll(() => t?.drop());

  const deltas = async () =>
    Number((await t.db.execute<{ n: string }>(sql`select count(*) as n from metric_rollup_deltas`)).rows[0]!.n);

  it('counts writes at once through the deltas, and folding them changes no figure, even two folds at once', async () => {
    const calls = Array.from({ length: 30 }, (_, i) => ({
      provider: 'goroute' as const,
      operation: 'documents.send',
      method: 'POST',
      path: '/api/v1/send',
      httpStatus: i % 3 ? 202 : 503,
      durationMs: 20 + i * 40,
    }));
    // Several statements, as concurrent work would write them: each appends its own deltas.
    for (let i = 0; i < calls.length; i += 5) await t.db.insert(apiCalls).values(calls.slice(i, i + 5));
    await t.db.insert(transactions).values(
      Array.from({ length: 4 }, (_, i) => ({
        direction: 'outbound' as const,
        status: 'queued' as const,
        sendIdempotencyKey: `send:fold-${i}`,
      })),
    );
    expect(await deltas()).toBeGreaterThan(0);
    const before = {
      totals: await rollupTotals(t.db, ['api_call', 'txn_created', 'txn_status']),
      hist: await apiHistograms(t.db),
    };
    expect(before.totals.find((r) => r.metric === 'api_call' && r.dims === 'goroute|documents.send|202')?.count).toBe(
      20,
    );
    expect(before.totals.find((r) => r.metric === 'txn_created')?.count).toBe(4);

    const folded = await Promise.all(
      [0, 1].map(() => t.db.execute<{ n: string }>(sql`select fold_metric_rollups() as n`)),
    );
    expect(folded.reduce((s, r) => s + Number(r.rows[0]!.n), 0)).toBeGreaterThan(0);
    expect(await deltas()).toBe(0);
    const after = {
      totals: await rollupTotals(t.db, ['api_call', 'txn_created', 'txn_status']),
      hist: await apiHistograms(t.db),
    };
    const order = <T extends { dims: string }>(rows: T[]) => [...rows].sort((a, b) => a.dims.localeCompare(b.dims));
    expect(order(after.totals)).toEqual(order(before.totals));
    expect(order(after.hist)).toEqual(order(before.hist));
    // Folded rows are one per key; a later write adds to them.
    await t.db.insert(apiCalls).values(calls[1]!);
    await t.db.execute(sql`select fold_metric_rollups()`);
    const again = await rollupTotals(t.db, ['api_call']);
    expect(again.find((r) => r.dims === 'goroute|documents.send|202')?.count).toBe(21);
    const keys = await t.db.execute<{ n: string }>(
      sql`select count(*) as n from metric_rollups where metric = 'api_call' group by bucket, dims having count(*) > 1`,
    );
    expect(keys.rows).toEqual([]);
  });
});
