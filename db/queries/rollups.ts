import { sql } from 'drizzle-orm';
import type { Database } from '../client';

// Readers of metric_rollups (db/schema/metrics.ts). Every query is bounded by metric (the primary key's
// first column) and, for series, by time: the dashboard never touches the raw tables for its charts.

export type RollupRow = { metric: string; dims: string; count: number; sum: number };

/** All-time totals per metric and dims: the Prometheus counters. */
export async function rollupTotals(db: Database, metrics: string[]): Promise<RollupRow[]> {
  const res = await db.execute<{ metric: string; dims: string; count: string; sum: string }>(sql`
    select metric, dims, sum(count) as count, sum(sum) as sum from metric_rollups
    where metric in (${sql.join(metrics.map((m) => sql`${m}`), sql`, `)}) group by metric, dims`);
  return res.rows.map((r) => ({ metric: r.metric, dims: r.dims, count: Number(r.count), sum: Number(r.sum) }));
}

/** Latency histograms per provider|operation|http_status, summed over [since, now) (all time without since). */
export async function apiHistograms(db: Database, since?: Date): Promise<{ dims: string; hist: number[]; count: number; sum: number }[]> {
  const res = await db.execute<{ dims: string; hist: number[]; count: string; sum: string }>(sql`
    with rows as (
      select dims, hist, count, sum from metric_rollups
      where metric = 'api_call' ${since ? sql`and bucket >= date_trunc('hour', ${since.toISOString()}::timestamptz, 'UTC')` : sql``}
    ), buckets as (
      select dims, i, sum(h)::int as h from rows, unnest(hist) with ordinality as u(h, i) group by dims, i
    )
    select r.dims, array(select b.h from buckets b where b.dims = r.dims order by b.i) as hist, r.count, r.sum
    from (select dims, sum(count) as count, sum(sum) as sum from rows group by dims) r`);
  return res.rows.map((r) => ({ dims: r.dims, hist: r.hist.map(Number), count: Number(r.count), sum: Number(r.sum) }));
}

export type SeriesPoint = { bucket: Date; dims: string; count: number; sum: number };

/** One metric over time, in hour or day steps, from `since` on. */
export async function rollupSeries(db: Database, metric: string, since: Date, step: 'hour' | 'day', dimsLike?: string): Promise<SeriesPoint[]> {
  const res = await db.execute<{ bucket: string | Date; dims: string; count: string; sum: string }>(sql`
    select date_trunc(${step}, bucket, 'UTC') as bucket, dims, sum(count) as count, sum(sum) as sum from metric_rollups
    where metric = ${metric} and bucket >= date_trunc('hour', ${since.toISOString()}::timestamptz, 'UTC')
    ${dimsLike ? sql`and dims like ${dimsLike}` : sql``}
    group by 1, 2 order by 1`);
  return res.rows.map((r) => ({ bucket: new Date(r.bucket), dims: r.dims, count: Number(r.count), sum: Number(r.sum) }));
}
