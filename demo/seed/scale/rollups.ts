// metric_rollups for the scale data. The insert triggers of migration 0005 count every loaded row once, in
// its final state (COPY fires them once per statement with the whole transition table), redeliveries
// included; the dashboard reads a row stored past extraction as an extraction completed. One thing a loaded
// row does not bring along: the validation rules of a send that failed validation (the live app counts them
// when the send moves to failed, an UPDATE). Those are counted from the same rows and added once at the end —
// unless the insert trigger has learnt to count them itself.
import type { PoolClient } from 'pg';
import { HOUR, hourOf } from './time';

export class Rollups {
  private readonly counts = new Map<string, { count: number; sum: number }>();

  add(metric: string, at: number | Date, dims: string, count = 1, sum = 0): void {
    const key = `${metric}\u0000${hourOf(typeof at === 'number' ? at : at.getTime())}\u0000${dims}`;
    const cur = this.counts.get(key);
    if (cur) {
      cur.count += count;
      cur.sum += sum;
    } else this.counts.set(key, { count, sum });
  }

  get size(): number {
    return this.counts.size;
  }

  /** Whether the insert trigger on transactions already counts validation rules of loaded rows. */
  static async triggerCountsValidation(client: PoolClient): Promise<boolean> {
    const res = await client.query<{ src: string }>(
      "select prosrc as src from pg_proc where proname = 'rollup_transactions_insert'",
    );
    return res.rows.some((r) => r.src.includes('validation_error'));
  }

  /** One upsert, in (metric, bucket, dims) order like the triggers' (same collation), so it cannot deadlock with them. */
  async write(client: PoolClient): Promise<number> {
    const rows = [...this.counts.entries()].map(([k, v]) => {
      const [metric = '', hour = '0', dims = ''] = k.split('\u0000');
      return { metric, bucket: new Date(Number(hour) * HOUR).toISOString(), dims, ...v };
    });
    if (rows.length === 0) return 0;
    await client.query(
      `insert into metric_rollups (metric, bucket, dims, count, sum)
       select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::float8[]) as u(metric, bucket, dims, count, sum) order by 1, 2, 3
       on conflict (metric, bucket, dims) do update set count = metric_rollups.count + excluded.count, sum = metric_rollups.sum + excluded.sum`,
      [
        rows.map((r) => r.metric),
        rows.map((r) => r.bucket),
        rows.map((r) => r.dims),
        rows.map((r) => r.count),
        rows.map((r) => r.sum),
      ],
    );
    return rows.length;
  }
}
