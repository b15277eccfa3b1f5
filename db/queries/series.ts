import type { SeriesPoint } from '@/db/queries/rollups';
import { addHistograms, quantileMs } from '@/lib/histogram';

export const ranges = {
  '24h': { hours: 24, step: 'hour' },
  '7d': { hours: 168, step: 'hour' },
  '30d': { hours: 720, step: 'day' },
} as const;
export type Range = keyof typeof ranges;

const HOUR = 3_600_000;

/** Every bucket start of the range, so quiet hours show as zero instead of vanishing from the chart. */
export function bucketsOf(range: Range, now: Date): number[] {
  const { hours, step } = ranges[range];
  const size = step === 'hour' ? HOUR : 24 * HOUR;
  const start = new Date(now.getTime() - (hours - (step === 'hour' ? 1 : 24)) * HOUR);
  const first =
    step === 'hour'
      ? Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), start.getUTCHours())
      : Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  const out: number[] = [];
  for (let t = first; t <= now.getTime(); t += size) out.push(t);
  return out;
}

export type Row = { t: number } & Record<string, number>;

/** Pivot rollup rows into one row per bucket with a column per key (`keyOf` returns null to drop a row). */
export function pivot(
  points: SeriesPoint[],
  buckets: number[],
  keys: readonly string[],
  keyOf: (dims: string[]) => string | null,
): Row[] {
  const rows = new Map<number, Row>(
    buckets.map((t) => [t, Object.fromEntries([['t', t], ...keys.map((k) => [k, 0])]) as Row]),
  );
  for (const p of points) {
    const key = keyOf(p.dims.split('|'));
    const row = rows.get(p.bucket.getTime());
    if (key && row && key in row) row[key] = (row[key] ?? 0) + p.count;
  }
  return [...rows.values()];
}

/** Sum of a pivoted column over the whole range. */
export const total = (rows: Row[], key: string) => rows.reduce((s, r) => s + (r[key] ?? 0), 0);

/** a / (a + b) as a whole percentage, or null when there is nothing to divide. */
export const rate = (a: number, b: number) => (a + b === 0 ? null : Math.round((1000 * a) / (a + b)) / 10);

/** Success-rate line per bucket; null (a gap, not a 0 % dip) where nothing ended. */
export function rateSeries(rows: Row[], good: string, bad: string): { t: number; rate: number | null }[] {
  return rows.map((r) => ({ t: r.t, rate: rate(r[good] ?? 0, r[bad] ?? 0) }));
}

/** p50 / p95 per provider and operation from the api_call histograms. */
export function latencyTable(rows: { dims: string; hist: number[]; count: number }[]) {
  const byOp = new Map<string, { hist: number[]; count: number }>();
  for (const r of rows) {
    const [provider, operation] = r.dims.split('|');
    const key = `${provider} ${operation}`;
    const acc = byOp.get(key) ?? { hist: [], count: 0 };
    byOp.set(key, { hist: addHistograms(acc.hist, r.hist), count: acc.count + r.count });
  }
  return [...byOp.entries()]
    .map(([name, h]) => ({ name, calls: h.count, p50: quantileMs(h.hist, 0.5), p95: quantileMs(h.hist, 0.95) }))
    .sort((a, b) => b.calls - a.calls);
}

/** Totals per key over the range, largest first (failures by category, validation errors by rule). */
export function ranked(points: SeriesPoint[], keyOf: (dims: string[]) => string | null, limit = 10) {
  const totals = new Map<string, number>();
  for (const p of points) {
    const key = keyOf(p.dims.split('|'));
    if (key) totals.set(key, (totals.get(key) ?? 0) + p.count);
  }
  return [...totals.entries()]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, limit);
}
