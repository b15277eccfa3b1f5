// Item 5 of issue #6: a webhook received → visible on its item's page, p95 ≤ 1 s.
//
// Each run inserts its own sends in flight (a document and a transaction in `sending` with a GoRoute ID), so the
// benchmark neither depends on nor uses up the seeded data; afterwards it removes them, their deliveries and
// timelines, and puts the go-live rollups back.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { signGoRoute } from '@/lib/webhooks/signatures';
import { removeRows } from './lib/remove-rows';
import { restoreRollups, snapshotRollups } from './lib/rollups';
import type { BenchModule } from './lib/types';

const PREFIX = 'BENCH-VISIBLE-';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
};

/** `n` sends in flight, each with its document; returns transaction id and GoRoute id. */
async function inFlight(client: PoolClient, n: number): Promise<{ id: string; gorouteId: string }[]> {
  const run = Date.now().toString(36);
  const made: { id: string; gorouteId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const docId = randomUUID();
    const gorouteId = `txn_visible_${run}_${i}`;
    await client.query(
      `insert into documents (id, source_id, upload_idempotency_key, filename, file_format, file_size, exdata_status, pipeline_state, sender_name, invoice_number)
       values ($1, $2, $3, 'visible.pdf', 'pdf', 1000, 'completed', 'sending', 'Benchmark BV', $4)`,
      [docId, `${PREFIX}${run}-${i}`, `bench-visible-${run}-${i}`, `BV-${run}-${i}`],
    );
    const r = await client.query<{ id: string }>(
      `insert into transactions (document_id, direction, document_type, invoice_number, status, goroute_transaction_id, send_idempotency_key, attempts)
       values ($1, 'outbound', 'invoice', $2, 'sending', $3, $4, 1) returning id`,
      [docId, `BV-${run}-${i}`, gorouteId, `send:bench-visible-${run}-${i}`],
    );
    made.push({ id: r.rows[0]!.id, gorouteId });
  }
  return made;
}

async function cleanup(client: PoolClient) {
  const docs = (
    await client.query<{ id: string }>(`select id from documents where source_id like $1`, [`${PREFIX}%`])
  ).rows.map((r) => r.id);
  const txns = (
    await client.query<{ id: string }>(`select id from transactions where document_id = any($1::uuid[])`, [docs])
  ).rows.map((r) => r.id);
  await removeRows(client, txns, docs, (c) =>
    c.query(`delete from webhook_deliveries where delivery_id like 'evt\\_visible\\_%'`).then(() => undefined),
  );
}

export default {
  name: 'webhook-visible',
  title: "5. Webhook received → visible on its item's page",
  order: 50,
  method: [
    'For sends in flight (a transaction in `sending` with a GoRoute ID, inserted for the run), a signed `transaction.delivered` webhook is posted',
    "to the production server; the clock stops when the transaction's page (`/transactions/<id>`, fetched every 20 ms as the admin) first shows",
    'the delivery. The path measured is the whole pipeline: receiver, group commit, queue, worker, state change, server render.',
    "Per run: p95 over 30 deliveries, one at a time. The run's rows are removed afterwards and the rollups restored.",
  ].join(' '),
  run: async (ctx) => {
    const stack = await ctx.stack();
    const perRun = ctx.quick ? 10 : 30;
    const client = await ctx.pool.connect();
    const runs: number[] = [];
    try {
      await cleanup(client);
      await snapshotRollups(client, ctx.log);
      const rows = await inFlight(client, perRun * ctx.runs);
      for (let r = 0; r < ctx.runs; r++) {
        const times: number[] = [];
        for (const txn of rows.slice(r * perRun, (r + 1) * perRun)) {
          const body = JSON.stringify({
            event: 'transaction.delivered',
            event_id: `evt_visible_${randomUUID()}`,
            timestamp: new Date().toISOString(),
            organization_id: 'org_bench',
            data: { transaction_id: txn.gorouteId, status: 'delivered', message_id: `msg_${randomUUID()}` },
          });
          const started = performance.now();
          const res = await fetch(`${stack.baseUrl}/api/webhooks/goroute`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-goroute-signature': signGoRoute(body, stack.webhookSecrets.goroute),
            },
            body,
          });
          if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
          for (;;) {
            const page = await fetch(`${stack.baseUrl}/transactions/${txn.id}`, {
              headers: { cookie: stack.adminCookie },
            });
            const html = await page.text();
            if (page.status !== 200) throw new Error(`/transactions/${txn.id} answered ${page.status}`);
            if (html.includes('>delivered<')) break;
            if (performance.now() - started > 10_000)
              throw new Error(`transaction ${txn.id} not delivered on its page after 10 s`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          times.push(performance.now() - started);
        }
        ctx.log(
          `visible run ${r + 1}: p50 ${percentile(times, 0.5).toFixed(0)} ms, p95 ${percentile(times, 0.95).toFixed(0)} ms`,
        );
        runs.push(Math.round(percentile(times, 0.95)));
      }
    } finally {
      await cleanup(client).catch((e: unknown) =>
        ctx.log(`cleanup failed: ${e instanceof Error ? e.message : String(e)}`),
      );
      await restoreRollups(client, ctx.log);
      client.release();
    }
    return {
      results: [
        {
          id: 'visible.p95',
          label: 'Webhook received → visible on the transaction page, p95',
          unit: 'ms',
          budget: { op: '<=', value: 1000 },
          runs,
        },
      ],
    };
  },
} satisfies BenchModule;
