// When things happen: an hourly traffic curve over a window of days — office hours on weekdays (Brussels
// time), quiet nights and weekends, and growth (more recent = denser) — and a sampler that walks it, returning
// n instants in ascending order without ever holding them all (rows come out in time order, like the app's).
import type { Rng } from '@/demo/world/prng';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Relative intake per hour of the day, local time. */
const HOURLY = [
  0.08, 0.05, 0.05, 0.05, 0.06, 0.1, 0.25, 0.6, 1.1, 1.4, 1.4, 1.3, 0.9, 1.2, 1.3, 1.2, 1.0, 0.7, 0.45, 0.35, 0.3, 0.25,
  0.18, 0.12,
];
/** Sunday … Saturday. */
const WEEKDAY = [0.12, 1.0, 1.05, 1.0, 1.0, 0.9, 0.15];

export interface Traffic {
  /** Start of the first hour (ms, UTC hour aligned). */
  start: number;
  end: number;
  cum: Float64Array;
}

/**
 * Hourly weights for the window [now - fromDays, now - toDays): `tauDays` is the growth time constant
 * (the density at age a is proportional to e^(-a/tau)).
 */
export function traffic(now: number, fromDays: number, toDays: number, tauDays: number): Traffic {
  const end = now - toDays * DAY;
  const start = Math.floor((now - fromDays * DAY) / HOUR) * HOUR;
  const hours = Math.ceil((end - start) / HOUR);
  const cum = new Float64Array(hours);
  let total = 0;
  for (let h = 0; h < hours; h++) {
    const t = start + h * HOUR;
    // Brussels: UTC+1 in winter, UTC+2 in summer; one hour off for half the year does not change the shape.
    const local = new Date(t + HOUR);
    const age = (now - t) / DAY;
    const part = Math.min(1, (end - t) / HOUR);
    total += Math.exp(-age / tauDays) * HOURLY[local.getUTCHours()]! * WEEKDAY[local.getUTCDay()]! * part;
    cum[h] = total;
  }
  return { start, end, cum };
}

/** n instants in ascending order, spread by the curve (stratified: the i-th falls in the i-th n-quantile). */
export function* instants(tr: Traffic, n: number, rng: Rng): Generator<number> {
  const total = tr.cum[tr.cum.length - 1] ?? 0;
  let h = 0;
  let last = tr.start;
  for (let i = 0; i < n; i++) {
    const target = ((i + rng.float()) / n) * total;
    while (h < tr.cum.length - 1 && tr.cum[h]! < target) h++;
    const before = h === 0 ? 0 : tr.cum[h - 1]!;
    const width = tr.cum[h]! - before;
    const frac = width > 0 ? (target - before) / width : 0;
    const t = Math.min(tr.end - 1_000, Math.round(tr.start + (h + frac) * HOUR));
    last = Math.max(last, t);
    yield last;
  }
}

/** All n instants at once, for the few lists the plans need up front (typed array: 8 bytes each). */
export function instantArray(tr: Traffic, n: number, rng: Rng): Float64Array {
  const out = new Float64Array(n);
  let i = 0;
  for (const t of instants(tr, n, rng)) out[i++] = t;
  return out;
}

/** date_trunc('hour', t, 'UTC') as hours since the epoch: the metric_rollups bucket of an instant. */
export function hourOf(t: number): number {
  return Math.floor(t / HOUR);
}
