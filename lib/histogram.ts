/** Upper bounds (ms) of the latency buckets the api_calls rollup trigger counts into; one more bucket holds the rest. */
export const LATENCY_BOUNDS_MS = [25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

/** Adds histograms bucket by bucket (missing buckets count as 0). */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * The q-quantile (0..1) of a bucketed latency distribution, interpolated linearly inside its bucket as
 * Prometheus' histogram_quantile does. Null without observations. Above the last bound it answers the
 * last bound: all a histogram can honestly say is "more than 10 s".
 */
export function quantileMs(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c > 0 && seen + c >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      const upper = LATENCY_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return lower + (upper - lower) * ((rank - seen) / c);
    }
    seen += c;
  }
  return LATENCY_BOUNDS_MS.at(-1)!;
}
