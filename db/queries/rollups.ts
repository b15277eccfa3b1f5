import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { LATENCY_BOUNDS_MS } from '@/lib/histogram';

// Readers of metric_rollups (db/schema/metrics.ts). Every query is bounded by metric (the primary key's
// first column) and, for series, by time: the dashboard never touches the raw tables for its charts.

export type RollupRow = { metric: string; dims: string; count: number; sum: number };

/** All-time totals per metric and dims: the Prometheus counters. */
export async function rollupTotals(db: Database, metrics: string[]): Promise<RollupRow[]> {
  const res = await db.execute<{ metric: string; dims: string; count: string; sum: string }>(sql`
    select metric, dims, sum(count) as count, sum(sum) as sum from metric_rollups_all
    where metric in (${sql.join(
      metrics.map((m) => sql`${m}`),
      sql`, `,
    )}) group by metric, dims`);
  return res.rows.map((r) => ({ metric: r.metric, dims: r.dims, count: Number(r.count), sum: Number(r.sum) }));
}

/** Latency histograms per provider|operation|http_status, summed over [since, now) (all time without since). */
export async function apiHistograms(
  db: Database,
  since?: Date,
): Promise<{ dims: string; hist: number[]; count: number; sum: number }[]> {
  // One sum per bucket position (LATENCY_BOUNDS_MS + the overflow bucket): no unnest of every row's array.
  const perBucket = sql.join(
    Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => sql.raw(`coalesce(sum(hist[${i + 1}]), 0)`)),
    sql`, `,
  );
  const res = await db.execute<{ dims: string; hist: number[]; count: string; sum: string }>(sql`
    select dims, array[${perBucket}]::int[] as hist, sum(count) as count, sum(sum) as sum from metric_rollups_all
    where metric = 'api_call' ${since ? sql`and bucket >= date_trunc('hour', ${since.toISOString()}::timestamptz, 'UTC')` : sql``}
    group by dims`);
  return res.rows.map((r) => ({ dims: r.dims, hist: r.hist.map(Number), count: Number(r.count), sum: Number(r.sum) }));
}

export type SeriesPoint = { bucket: Date; dims: string; count: number; sum: number };

/**
 * One metric over time, in hour or day steps (UTC), from `since` on. date_bin, not date_trunc(…, 'UTC'): same
 * buckets, no time zone lookup per row. Buckets come back as epoch milliseconds and sums as float8 (exact far past
 * any count here): a week of hourly rows is thousands of them, and parsing timestamp and numeric text costs more.
 * `dimsLike` keeps the series matching any of the patterns; `keep` (1-based dims parts) merges the series that differ
 * only in the other parts — blanked, so each part keeps its position — so only the rows a chart uses travel.
 */
export async function rollupSeries(
  db: Database,
  metric: string,
  since: Date,
  step: 'hour' | 'day',
  dimsLike?: string | string[],
  keep?: number[],
): Promise<SeriesPoint[]> {
  const likes = dimsLike === undefined ? [] : Array.isArray(dimsLike) ? dimsLike : [dimsLike];
  const dims = keep
    ? sql.raw(
        keep.length === 0
          ? `''`
          : Array.from({ length: Math.max(...keep) }, (_, i) =>
              keep.includes(i + 1) ? `split_part(dims, '|', ${i + 1})` : `''`,
            ).join(` || '|' || `),
      )
    : sql.raw('dims');
  const res = await db.execute<{ ms: number; dims: string; count: number; sum: number }>(sql`
    select extract(epoch from b)::float8 * 1000 as ms, d as dims, count, sum from (
      select date_bin(${step === 'hour' ? sql`interval '1 hour'` : sql`interval '1 day'`}, bucket, timestamptz '2000-01-01 00:00:00+00') as b, ${dims} as d,
             sum(count)::float8 as count, sum(sum)::float8 as sum
      from metric_rollups_all
      where metric = ${metric} and bucket >= date_trunc('hour', ${since.toISOString()}::timestamptz, 'UTC')
      ${
        likes.length
          ? sql`and (${sql.join(
              likes.map((l) => sql`dims like ${l}`),
              sql` or `,
            )})`
          : sql``
      }
      group by 1, 2) s
    order by 1`);
  return res.rows.map((r) => ({
    bucket: new Date(Number(r.ms)),
    dims: r.dims,
    count: Number(r.count),
    sum: Number(r.sum),
  }));
}
