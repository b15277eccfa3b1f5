'use client';

import dynamic from 'next/dynamic';

// recharts is most of the go-live page's JavaScript: loaded after the page is interactive, not with it, so
// the page's first load stays within the bundle budget (docs/budgets.md, ≤ 250 kB compressed). The charts measure
// their container in the browser anyway (ResponsiveContainer), so nothing is lost by not rendering them on the server.
function ChartPlaceholder() {
  return (
    <div
      className="min-h-[17rem] animate-pulse rounded-lg border border-slate-200 bg-white"
      role="status"
      aria-busy="true"
      aria-label="Loading chart"
    />
  );
}

export const StackedBars = dynamic(() => import('./charts').then((m) => m.StackedBars), {
  ssr: false,
  loading: ChartPlaceholder,
});
export const RateLines = dynamic(() => import('./charts').then((m) => m.RateLines), {
  ssr: false,
  loading: ChartPlaceholder,
});
export const RankedBars = dynamic(() => import('./charts').then((m) => m.RankedBars), {
  ssr: false,
  loading: ChartPlaceholder,
});
