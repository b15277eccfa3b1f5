// The control API (/_control, no auth, loopback only): fault injection, credits, rate limits, reset, and
// read-outs tests use to prove what happened at the provider (one transaction per key, webhook attempts).
import { z } from 'zod';
import { FaultInput } from './core/faults';
import { type Ctx, isLoopback, matchRoute, readJson, type Route, sendJson } from './core/http';
import type { Delivery } from './core/webhooks';
import type { Sandbox } from './sandbox';

const Credits = z.object({ credits: z.number().int().min(0) });
const RateLimit = z.object({ provider: z.enum(['goroute', 'exdata']), ratePerSecond: z.number().positive() });
const Redeliver = z.object({ id: z.string().min(1) });
const Party = z.object({ scheme: z.string(), identifier: z.string(), name: z.string().nullable() });
const Adopt = z.object({
  exdata: z
    .array(
      z.object({
        id: z.string().min(1),
        filename: z.string(),
        status: z.enum(['pending', 'completed', 'error', 'blocked']),
        stuck: z.boolean(),
        created_at: z.string(),
      }),
    )
    .max(10_000)
    .default([]),
  goroute: z
    .array(
      z.object({
        id: z.string().min(1),
        status: z.enum(['pending', 'processing', 'sending', 'delivered', 'failed']),
        stuck: z.boolean(),
        invoice_number: z.string().nullable(),
        sender: Party,
        receiver: Party,
        created_at: z.string(),
        idempotency_key: z.string().nullable(),
      }),
    )
    .max(10_000)
    .default([]),
});
const WebhookConfig = z.object({
  provider: z.enum(['goroute', 'exdata']),
  url: z.url().nullable().optional(),
  secret: z.string().min(1).optional(),
});

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of items) counts[key(t)] = (counts[key(t)] ?? 0) + 1;
  return counts;
}

function deliveryView(d: Delivery, withBody = false) {
  return {
    id: d.id,
    provider: d.provider,
    event: d.event,
    subject: d.subject,
    state: d.state,
    attempts: d.attempts,
    last_status: d.lastStatus,
    last_error: d.lastError,
    duplicates: d.duplicates,
    replay_of: d.replayOf,
    created_at: d.createdAt,
    delivered_at: d.deliveredAt,
    history: d.history,
    ...(withBody ? { body: JSON.parse(d.body) as unknown } : {}),
  };
}

/** Parses the JSON body with a schema; answers 400 itself and returns null on bad input. */
async function body<S extends z.ZodType>(ctx: Ctx, schema: S): Promise<z.infer<S> | null> {
  const parsed = schema.safeParse(await readJson(ctx.req));
  if (parsed.success) return parsed.data;
  sendJson(ctx.res, 400, {
    error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
  });
  return null;
}

function forgotten(ctx: Ctx, what: string, removed: boolean) {
  if (removed) sendJson(ctx.res, 200, { forgotten: ctx.params[0] });
  else sendJson(ctx.res, 404, { error: `no such ${what} ${ctx.params[0]}` });
}

/** The app's alert notifications when no real channel is configured: the last SINK_SIZE, newest last. */
const SINK_SIZE = 200;

export function controlRoutes(sb: Sandbox): Route[] {
  const ok = (ctx: Ctx, data: unknown = { ok: true }) => sendJson(ctx.res, 200, data);
  const sink: { received_at: string; body: unknown }[] = [];
  return [
    { method: 'GET', pattern: /^\/state$/, handle: (c) => ok(c, stateView(sb)) },
    { method: 'GET', pattern: /^\/faults$/, handle: (c) => ok(c, { faults: sb.faults.list() }) },
    {
      method: 'POST',
      pattern: /^\/faults$/,
      handle: async (c) => {
        const input = await body(c, FaultInput);
        if (input) sendJson(c.res, 201, { id: sb.faults.add(input).id });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/faults$/,
      handle: (c) => {
        sb.faults.clear();
        ok(c);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/faults\/([^/]+)$/,
      handle: (c) => ok(c, { removed: sb.faults.remove(c.params[0]!) }),
    },
    { method: 'GET', pattern: /^\/credits$/, handle: (c) => ok(c, { credits: sb.exdata.state.credits }) },
    {
      method: 'POST',
      pattern: /^\/credits$/,
      handle: async (c) => {
        const input = await body(c, Credits);
        if (!input) return;
        sb.exdata.state.credits = input.credits;
        ok(c, { credits: input.credits });
      },
    },
    {
      method: 'POST',
      pattern: /^\/rate-limit$/,
      handle: async (c) => {
        const input = await body(c, RateLimit);
        if (!input) return;
        const bucket = sb[input.provider].app.bucket;
        bucket.setRate(input.ratePerSecond);
        bucket.refill();
        ok(c, { provider: input.provider, ratePerSecond: input.ratePerSecond });
      },
    },
    {
      method: 'POST',
      pattern: /^\/reset$/,
      handle: (c) => {
        sb.reset();
        sink.length = 0;
        ok(c);
      },
    },
    {
      method: 'POST',
      pattern: /^\/sink\/alerts$/,
      handle: async (c) => {
        const received = await readJson(c.req);
        if (received === null || typeof received !== 'object')
          return sendJson(c.res, 400, { error: 'body: expected a JSON object' });
        sink.push({ received_at: new Date().toISOString(), body: received });
        if (sink.length > SINK_SIZE) sink.splice(0, sink.length - SINK_SIZE);
        sendJson(c.res, 201, { ok: true, stored: sink.length });
      },
    },
    { method: 'GET', pattern: /^\/sink\/alerts$/, handle: (c) => ok(c, { alerts: sink }) },
    {
      method: 'GET',
      pattern: /^\/goroute\/transactions$/,
      handle: (c) =>
        ok(c, {
          transactions: [...sb.goroute.state.byId.values()].map((s) => ({
            id: s.tx.id,
            idempotency_key: s.idempotencyKey,
            send_requests: s.sendRequests,
            conflicts: s.conflicts,
            status: s.tx.status,
            direction: s.tx.direction,
            invoice_number: s.tx.invoice_number,
            receiver: s.tx.receiver,
            created_at: s.tx.created_at,
            history: s.tx.history,
          })),
        }),
    },
    {
      method: 'GET',
      pattern: /^\/exdata\/documents$/,
      handle: (c) =>
        ok(c, {
          documents: [...sb.exdata.state.byId.values()].map((s) => ({
            id: s.doc.id,
            idempotency_key: s.idempotencyKey,
            upload_requests: s.uploadRequests,
            status: s.doc.status,
            filename: s.doc.filename,
            created_at: s.doc.created_at,
          })),
        }),
    },
    // The provider loses an item it gave us: GET answers 404 from now on, and no further event about it is sent.
    {
      method: 'DELETE',
      pattern: /^\/exdata\/documents\/([^/]+)$/,
      handle: (c) => forgotten(c, 'document', sb.exdata.state.delete(c.params[0]!)),
    },
    {
      method: 'DELETE',
      pattern: /^\/goroute\/transactions\/([^/]+)$/,
      handle: (c) => forgotten(c, 'transaction', sb.goroute.state.forget(c.params[0]!)),
    },
    // What the console already holds from an earlier run (this sandbox keeps state in memory only): taken over so a
    // poll or a late event finds it, as with the real providers. scripts/lib/adopt-in-flight.ts sends it at start.
    {
      method: 'POST',
      pattern: /^\/adopt$/,
      handle: async (c) => {
        const input = await body(c, Adopt);
        if (!input) return;
        const exdata = input.exdata.filter((d) =>
          sb.exdata.state.adopt({
            id: d.id,
            filename: d.filename,
            status: d.status,
            stuck: d.stuck,
            createdAt: d.created_at,
          }),
        ).length;
        const goroute = input.goroute.filter((t) =>
          sb.goroute.state.adopt({
            id: t.id,
            status: t.status,
            stuck: t.stuck,
            invoiceNumber: t.invoice_number,
            sender: t.sender,
            receiver: t.receiver,
            createdAt: t.created_at,
            idempotencyKey: t.idempotency_key,
          }),
        ).length;
        ok(c, { adopted: { exdata, goroute } });
      },
    },
    {
      method: 'GET',
      pattern: /^\/webhooks$/,
      handle: (c) => {
        const q = c.query;
        const list = sb.webhooks
          .list()
          .filter(
            (d) =>
              (!q.get('provider') || d.provider === q.get('provider')) &&
              (!q.get('event') || d.event === q.get('event')) &&
              (!q.get('subject') || d.subject === q.get('subject')),
          );
        ok(c, { deliveries: list.map((d) => deliveryView(d)) });
      },
    },
    {
      method: 'GET',
      pattern: /^\/webhooks\/([^/]+)$/,
      handle: (c) => {
        const d = sb.webhooks.get(c.params[0]!);
        if (d) ok(c, deliveryView(d, true));
        else sendJson(c.res, 404, { error: 'no such delivery' });
      },
    },
    {
      method: 'POST',
      pattern: /^\/webhooks\/redeliver$/,
      handle: async (c) => {
        const input = await body(c, Redeliver);
        if (!input) return;
        const d = sb.webhooks.redeliver(input.id);
        if (d) ok(c, deliveryView(d));
        else sendJson(c.res, 404, { error: `no delivery ${input.id}` });
      },
    },
    {
      method: 'POST',
      pattern: /^\/webhooks\/config$/,
      handle: async (c) => {
        const input = await body(c, WebhookConfig);
        if (!input) return;
        const target = sb.webhooks.targets[input.provider];
        if (input.url !== undefined) target.url = input.url ?? undefined;
        if (input.secret !== undefined) target.secret = input.secret;
        ok(c, { provider: input.provider, url: target.url ?? null });
      },
    },
    {
      method: 'POST',
      pattern: /^\/inbound$/,
      handle: (c) => {
        const tx = sb.goroute.state.receiveInbound(sb.gorouteUrl());
        ok(c, { transaction_id: tx.id, invoice_number: tx.invoice_number, sender: tx.sender });
      },
    },
  ];
}

function stateView(sb: Sandbox) {
  const txs = [...sb.goroute.state.byId.values()];
  const docs = [...sb.exdata.state.byId.values()];
  const deliveries = sb.webhooks.list();
  return {
    goroute: {
      transactions: txs.length,
      by_status: countBy(txs, (s) => s.tx.status),
      send_requests: txs.reduce((n, s) => n + s.sendRequests, 0),
      rate_per_second: sb.goroute.app.bucket.ratePerSecond,
    },
    exdata: {
      documents: docs.length,
      by_status: countBy(docs, (s) => s.doc.status),
      upload_requests: docs.reduce((n, s) => n + s.uploadRequests, 0),
      credits: sb.exdata.state.credits,
      rate_per_second: sb.exdata.app.bucket.ratePerSecond,
    },
    webhooks: {
      deliveries: deliveries.length,
      by_state: countBy(deliveries, (d) => d.state),
      attempts: deliveries.reduce((n, d) => n + d.attempts, 0),
    },
    faults: sb.faults.list().length,
    timers: sb.clock.pending,
  };
}

export async function handleControl(routes: Route[], ctx: Ctx): Promise<void> {
  if (!isLoopback(ctx.req)) return sendJson(ctx.res, 403, { error: 'the control API answers loopback clients only' });
  const match = matchRoute(routes, ctx.method, ctx.path);
  if (!match) return sendJson(ctx.res, 404, { error: `no control route ${ctx.method} ${ctx.path}` });
  ctx.params = match.params;
  await match.route.handle(ctx);
}
