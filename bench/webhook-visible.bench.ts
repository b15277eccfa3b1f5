import { randomUUID } from 'node:crypto';
import { signGoRoute } from '@/lib/webhooks/signatures';
import type { BenchModule } from './lib/types';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
};

export default {
  name: 'webhook-visible',
  title: '5. Webhook received → visible on its item\'s page',
  order: 50,
  method: [
    'For GoRoute sends still in flight (status pending/processing/sending with a GoRoute ID), a signed `transaction.delivered` webhook is posted',
    'to the production server; the clock stops when the transaction\'s page (`/transactions/<id>`, fetched every 20 ms as the admin) first shows',
    'the delivery. The path measured is the whole pipeline: receiver, group commit, queue, worker, state change, server render.',
    'Per run: p95 over 30 deliveries, one at a time.',
  ].join(' '),
  run: async (ctx) => {
    const stack = await ctx.stack();
    const perRun = ctx.quick ? 10 : 30;
    const { rows } = await ctx.pool.query<{ id: string; goroute_transaction_id: string }>(
      `select id, goroute_transaction_id from transactions
       where direction = 'outbound' and status in ('pending', 'processing', 'sending') and goroute_transaction_id is not null
       order by status_changed_at desc limit $1`,
      [perRun * ctx.runs],
    );
    if (rows.length < perRun * ctx.runs) throw new Error(`need ${perRun * ctx.runs} in-flight sends, found ${rows.length}: run \`npm run seed:scale\` first`);
    const runs: number[] = [];
    for (let r = 0; r < ctx.runs; r++) {
      const times: number[] = [];
      for (const txn of rows.slice(r * perRun, (r + 1) * perRun)) {
        const body = JSON.stringify({ event: 'transaction.delivered', event_id: `evt_visible_${randomUUID()}`, timestamp: new Date().toISOString(), organization_id: 'org_bench', data: { transaction_id: txn.goroute_transaction_id, status: 'delivered', message_id: `msg_${randomUUID()}` } });
        const started = performance.now();
        const res = await fetch(`${stack.baseUrl}/api/webhooks/goroute`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goroute-signature': signGoRoute(body, stack.webhookSecrets.goroute) }, body });
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
        for (;;) {
          const page = await fetch(`${stack.baseUrl}/transactions/${txn.id}`, { headers: { cookie: stack.adminCookie } });
          const html = await page.text();
          if (page.status !== 200) throw new Error(`/transactions/${txn.id} answered ${page.status}`);
          if (html.includes('>delivered<')) break;
          if (performance.now() - started > 10_000) throw new Error(`transaction ${txn.id} not delivered on its page after 10 s`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        times.push(performance.now() - started);
      }
      ctx.log(`visible run ${r + 1}: p50 ${percentile(times, 0.5).toFixed(0)} ms, p95 ${percentile(times, 0.95).toFixed(0)} ms`);
      runs.push(Math.round(percentile(times, 0.95)));
    }
    return { results: [{ id: 'visible.p95', label: 'Webhook received → visible on the transaction page, p95', unit: 'ms', budget: { op: '<=', value: 1000 }, runs }] };
  },
} satisfies BenchModule;
