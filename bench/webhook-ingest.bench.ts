import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { signGoRoute } from '@/lib/webhooks/signatures';
import { startBareReceiver } from './lib/bare-receiver';
import { drained } from './lib/queue';
import { restoreRollups, snapshotRollups } from './lib/rollups';
import type { BenchModule, BenchResult } from './lib/types';

type Load = autocannon.Request[];

/**
 * Signed GoRoute deliveries, nine in ten new and one in ten a redelivery of a recent one. Made and signed before
 * the clock starts (`prepared`, enough for the run): signing in autocannon's setupRequest cost this process —
 * the load generator, on the same two cores as the stack — ~0.3 ms of CPU per request. Made on the fly only if
 * a run outlasts them. autocannon runs the list per connection, so one shared cursor hands each request the next.
 */
function deliveries(secret: string, path: string, prepared: number): Load {
  const recent: string[] = [];
  let n = 0;
  const make = () => {
    n += 1;
    if (n % 10 === 0 && recent.length > 0) return recent[Math.floor(Math.random() * recent.length)]!;
    const body = JSON.stringify({
      event: 'transaction.delivered',
      event_id: `evt_bench_${randomUUID()}`,
      timestamp: new Date().toISOString(),
      organization_id: 'org_bench',
      data: { transaction_id: `tx_${randomUUID()}`, status: 'delivered' },
    });
    recent.push(body);
    if (recent.length > 1000) recent.shift();
    return body;
  };
  const signed = (body: string) => ({
    body,
    headers: { 'content-type': 'application/json', 'x-goroute-signature': signGoRoute(body, secret) },
  });
  const ready = Array.from({ length: prepared }, () => signed(make()));
  let next = 0;
  return [{ method: 'POST', path, setupRequest: (req) => ({ ...req, ...(ready[next++] ?? signed(make())) }) }];
}

async function blast(url: string, load: Load, connections: number, seconds: number) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1, requests: load });
  const ok = result['2xx'];
  return {
    perSecond: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

export default {
  name: 'webhook-ingest',
  title: '1. Webhook ingest',
  order: 10,
  method: [
    'Signed GoRoute deliveries (HMAC-SHA256 over the raw body, 10 % of them redeliveries of an earlier event ID; made and signed before the clock starts) are posted over loopback',
    'with [autocannon](https://github.com/mcollina/autocannon) at 32 and 128 connections for a fixed time against the production server',
    '(`POST /api/webhooks/goroute`, answered by `scripts/server.ts` ahead of Next.js: signature check, group-committed insert of the delivery and its processing job, 200 after commit),',
    'with the worker processing the deliveries meanwhile (each blast starts with its queue empty), and in the same run against a bare `node:http` + `pg` receiver in a process of its own doing the same durable work one transaction per request.',
    "Deliveries/s counts 2xx answers only; latencies are autocannon's p50/p99. Each figure is the median of the runs.",
  ].join(' '),
  run: async (ctx) => {
    const stack = await ctx.stack();
    const seconds = ctx.quick ? 3 : 10;
    // Twice the budget's rate for the whole run; beyond that the deliveries are made as they go.
    const prepared = 2_000 * seconds;
    const client = await ctx.pool.connect();
    await snapshotRollups(client, ctx.log);
    const startedAt = new Date();
    const bare = await startBareReceiver(ctx.databaseUrl, stack.webhookSecrets.goroute);
    const results: BenchResult[] = [];
    const notes: string[] = [];
    try {
      // Unmeasured warm-up of both receivers: a cold server (JIT, connection pools, the first group commits) ran
      // its first measured run at about half the rate of the next ones.
      await blast(
        `${stack.baseUrl}/api/webhooks/goroute`,
        deliveries(stack.webhookSecrets.goroute, '/api/webhooks/goroute', 4_000),
        32,
        3,
      );
      await blast(bare.url, deliveries(stack.webhookSecrets.goroute, '/', 2_000), 32, 3);
      await drained(client, 5 * 60_000);
      for (const connections of [32, 128]) {
        const app = { rate: [] as number[], p50: [] as number[], p99: [] as number[] };
        const base = { rate: [] as number[], p99: [] as number[] };
        const ratio: number[] = [];
        for (let i = 0; i < ctx.runs; i++) {
          // Each blast starts with the worker idle, so neither receiver competes with the other's backlog.
          await drained(client, 5 * 60_000);
          const a = await blast(
            `${stack.baseUrl}/api/webhooks/goroute`,
            deliveries(stack.webhookSecrets.goroute, '/api/webhooks/goroute', prepared),
            connections,
            seconds,
          );
          await drained(client, 5 * 60_000);
          const b = await blast(
            bare.url,
            deliveries(stack.webhookSecrets.goroute, '/', prepared),
            connections,
            seconds,
          );
          ctx.log(
            `ingest ${connections} conns run ${i + 1}: app ${a.perSecond.toFixed(0)}/s p99 ${a.p99} ms (${a.errors} non-2xx); bare ${b.perSecond.toFixed(0)}/s p99 ${b.p99} ms`,
          );
          if (a.errors > 0)
            notes.push(
              `${connections} connections, run ${i + 1}: ${a.errors} requests to the console were not answered 2xx.`,
            );
          app.rate.push(Math.round(a.perSecond));
          app.p50.push(a.p50);
          app.p99.push(a.p99);
          base.rate.push(Math.round(b.perSecond));
          base.p99.push(b.p99);
          ratio.push(Math.round((a.perSecond / b.perSecond) * 100) / 100);
        }
        const at = `${connections} connections`;
        results.push(
          {
            id: `ingest.${connections}.rate`,
            label: `Console receiver, ${at}: deliveries/s`,
            unit: '/s',
            budget: { op: '>=', value: connections === 32 ? 1000 : 0 },
            runs: app.rate,
          },
          {
            id: `ingest.${connections}.p50`,
            label: `Console receiver, ${at}: p50`,
            unit: 'ms',
            budget: { op: '<=', value: Infinity },
            runs: app.p50,
          },
          {
            id: `ingest.${connections}.p99`,
            label: `Console receiver, ${at}: p99`,
            unit: 'ms',
            budget: { op: '<=', value: connections === 32 ? 50 : Infinity },
            runs: app.p99,
          },
          {
            id: `ingest.${connections}.bare`,
            label: `Bare node:http + pg receiver, ${at}: deliveries/s`,
            unit: '/s',
            budget: { op: '>=', value: 0 },
            runs: base.rate,
          },
          {
            id: `ingest.${connections}.bare-p99`,
            label: `Bare node:http + pg receiver, ${at}: p99`,
            unit: 'ms',
            budget: { op: '<=', value: Infinity },
            runs: base.p99,
          },
          {
            id: `ingest.${connections}.ratio`,
            label: `Console ÷ bare, ${at}`,
            unit: '×',
            budget: { op: '>=', value: 0.5 },
            runs: ratio,
          },
        );
      }
    } finally {
      await bare.stop();
      // Leave no trace: once the worker has processed them (as unmatched), the deliveries go, and the rollups are put
      // back.
      await drained(client, 10 * 60_000);
      const gone = await client.query(`delete from webhook_deliveries where delivery_id like 'evt\\_bench\\_%'`);
      // Their processing jobs, done (pg-boss would archive them only after 12 hours), and any copies not yet folded.
      const jobs = await client.query(
        `delete from pgboss.job where name = 'webhook-process' and state = 'completed' and created_on >= $1`,
        [startedAt],
      );
      await client.query(
        `delete from webhook_duplicate_copies c where not exists (select 1 from webhook_deliveries w where w.id = c.delivery_row_id)`,
      );
      ctx.log(`removed ${gone.rowCount ?? 0} benchmark deliveries and ${jobs.rowCount ?? 0} processing jobs`);
      // And their dead rows: left to autovacuum, it would run during the next benchmark and skew it.
      await client.query('vacuum (analyze) webhook_deliveries, pgboss.job');
      await restoreRollups(client, ctx.log);
      client.release();
    }
    return { results, notes };
  },
} satisfies BenchModule;
