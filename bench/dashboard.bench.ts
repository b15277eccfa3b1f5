// Item 3 of issue #6: the go-live page at scale — key figures and charts from the hourly rollups, and the
// readiness checklist with its live evidence — server-rendered within 200 ms (p95) for each range.
import { pageP95, type PageCheck } from './lib/http';
import type { BenchModule, BenchResult } from './lib/types';

const BUDGET_MS = 200;
const RANGES = ['24h', '7d', '30d'] as const;

/** The whole page rendered: figures, the six charts' frames' data and both providers' checklists. */
const rendered: PageCheck = ({ status, body }) => {
  if (status !== 200) return `HTTP ${status}`;
  if (!body.includes('aria-label="Key figures"')) return 'no key figures';
  if (!body.includes('data-summary="exdata"') || !body.includes('data-summary="goroute"'))
    return 'the readiness checklist did not render for both providers';
  if (body.includes('aria-label="Loading figures"') && !body.includes('Delivery success'))
    return 'figures still loading at the end of the response';
  return null;
};

const dashboard: BenchModule = {
  name: 'dashboard',
  title: 'Go-live dashboard at scale',
  order: 30,
  method: `\`GET /?range=24h\`, \`7d\` and \`30d\` as the admin: the whole go-live page — key figures, the charts' series from \`metric_rollups\`, API latency percentiles from the rollups' histograms and every item of both readiness checklists with its evidence — until the last byte of the streamed response, over loopback. Each figure is the p95 of 20 sequential requests (after 2 unmeasured); every response must contain the key figures and both providers' checklists. Budget: p95 ≤ ${BUDGET_MS} ms (docs/budgets.md).`,
  async run(ctx) {
    const stack = await ctx.stack();
    const n = ctx.quick ? 6 : 20;
    const runs = new Map<string, number[]>(RANGES.map((r) => [r, []]));
    for (let i = 0; i < ctx.runs; i++) {
      for (const range of RANGES) {
        const { p95 } = await pageP95(`${stack.baseUrl}/?range=${range}`, stack.adminCookie, n, rendered);
        runs.get(range)!.push(Math.round(p95 * 10) / 10);
      }
    }
    const results: BenchResult[] = RANGES.map((range) => ({
      id: `dashboard.${range}`,
      label: `\`/?range=${range}\``,
      unit: 'ms',
      budget: { op: '<=', value: BUDGET_MS },
      runs: runs.get(range)!,
    }));
    const rollups = await ctx.pool.query<{ n: string }>('select count(*) as n from metric_rollups');
    return {
      results,
      notes: [`metric_rollups holds ${Number(rollups.rows[0]?.n ?? 0).toLocaleString('en-US')} rows.`],
    };
  },
};

export default dashboard;
