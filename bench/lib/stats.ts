import type { Budget } from './types';

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: p95 of 20 samples is the 19th, never an interpolation below a real sample.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

const median = (values: number[]) => {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const meets = (value: number, budget: Budget) => (budget.op === '<=' ? value <= budget.value : value >= budget.value);

export function summarize(runs: number[], budget: Budget) {
  const m = median(runs);
  return { median: m, min: Math.min(...runs), max: Math.max(...runs), pass: Number.isFinite(m) && meets(m, budget) };
}
