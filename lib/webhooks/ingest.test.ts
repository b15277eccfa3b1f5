import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { webhookDeliveries } from '@/db/schema';
import { foldDuplicateCopies, storeAcceptedDeliveries, WEBHOOK_JOBS_CHANNEL } from '@/db/queries/webhook-ingest';
import { withCorrelation } from '@/lib/correlation';
import { createBoss, ensureQueues, queues } from '@/lib/jobs/queues';
import { freshDatabase, testBoss, testServers } from '@/test/databases';
import { Client, Pool } from 'pg';
import { ingestWebhook, type IngestDeps } from './ingest';
import { signExdata, signGoRoute } from './signatures';

const config = {
  secrets: { goroute: { current: 'gr_current', previous: 'gr_previous' }, exdata: { current: 'ex_current' } },
  toleranceSeconds: 300,
};

function exdataRequest(
  body: string,
  opts: { delivery?: string; secret?: string; timestamp?: number; signature?: string | null } = {},
) {
  const headers = new Headers({
    'content-type': 'application/json',
    'x-event': 'document.completed',
    'user-agent': 'exdata-webhooks/1.0',
  });
  headers.set('x-delivery', opts.delivery ?? randomUUID());
  headers.set('x-timestamp', String(opts.timestamp ?? Math.floor(Date.now() / 1000)));
  const signature = opts.signature === undefined ? signExdata(body, opts.secret ?? 'ex_current') : opts.signature;
  if (signature !== null) headers.set('x-signature', signature);
  return headers;
}

describe.each(testServers())('webhook ingest on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let deps: IngestDeps;
  let boss: ReturnType<typeof createBoss>;
  // Deliveries queued for processing (a job holds those of one group commit), and the jobs holding them.
  const jobs = async () =>
    Number(
      (
        await t.db.execute(
          sql`select count(*) as n from pgboss.job, jsonb_array_elements_text(data->'deliveryRowIds') where name = ${queues.webhookProcess}`,
        )
      ).rows[0]!.n,
    );
  const jobRows = async () =>
    Number(
      (await t.db.execute(sql`select count(*) as n from pgboss.job where name = ${queues.webhookProcess}`)).rows[0]!.n,
    );

  beforeAll(async () => {
    t = await freshDatabase(url);
    boss = await testBoss(t.url);
    await boss.start();
    await ensureQueues(boss);
    deps = { pool: t.pool, config };
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  it('stores a genuine exdata delivery and queues its processing in the same transaction', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_1', status: 'completed' } });
    const before = await jobs();
    const result = await ingestWebhook(
      'exdata',
      exdataRequest(body, { delivery: 'a6c3f2e4-0001-4000-8000-000000000001' }),
      Buffer.from(body),
      deps,
    );
    expect(result.status).toBe(200);
    const [row] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.deliveryId, 'a6c3f2e4-0001-4000-8000-000000000001'));
    expect(row).toMatchObject({
      signatureResult: 'valid',
      processingResult: 'queued',
      eventType: 'document.completed',
      body,
    });
    expect(row!.headers).toMatchObject({ 'x-event': 'document.completed' });
    expect(await jobs()).toBe(before + 1);
  });

  it('processes 100 concurrent copies of one delivery exactly once', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_2' } });
    const delivery = 'a6c3f2e4-0002-4000-8000-000000000002';
    const before = await jobs();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), deps),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    // Copies of a stored delivery are counted aside and folded onto its row by the worker.
    await foldDuplicateCopies(t.pool);
    const rows = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, delivery));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.duplicateCount).toBe(99);
    expect(await jobs()).toBe(before + 1);
  });

  it('group-commits a concurrent storm of distinct and repeated deliveries: one row and one job per ID, every copy counted', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `a6c3f2e4-0100-4000-8000-${String(i).padStart(12, '0')}`);
    const copies = ids.flatMap((id, i) => Array.from({ length: 1 + (i % 3) }, () => id));
    const before = await jobs();
    const rowsBefore = await jobRows();
    const results = await Promise.all(
      copies.map((delivery) => {
        const body = JSON.stringify({ event: 'document.completed', data: { id: delivery } });
        return ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), deps);
      }),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(ids.length);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(ids.length);
    await foldDuplicateCopies(t.pool);
    const stored = await t.db.execute<{ n: string; dups: string }>(
      sql`select count(*) as n, sum(duplicate_count) as dups from webhook_deliveries where delivery_id like 'a6c3f2e4-0100-%'`,
    );
    expect(Number(stored.rows[0]!.n)).toBe(ids.length);
    expect(Number(stored.rows[0]!.dups)).toBe(copies.length - ids.length);
    expect(await jobs()).toBe(before + ids.length);
    // One job per commit, not per delivery: the storm shared commits.
    expect(await jobRows()).toBeLessThan(rowsBefore + ids.length / 2);
  });

  it('logs one line per commit, naming each delivery with the correlation ID its request was answered with', async () => {
    const lines: {
      obj: {
        count: number;
        duplicates: number;
        deliveries: { deliveryId: string; duplicate: boolean; correlationId?: string }[];
      };
      msg: string;
    }[] = [];
    // A pool of its own, so this receiver's committer is made with the logger.
    const pool = new Pool({ connectionString: t.url, max: 2 });
    try {
      const logged: IngestDeps = {
        pool,
        config,
        log: { info: (obj, msg) => lines.push({ obj: obj as (typeof lines)[number]['obj'], msg }) },
      };
      const ids = Array.from({ length: 5 }, (_, i) => `a6c3f2e4-0310-4000-8000-${String(i).padStart(12, '0')}`);
      const requests = [...ids, ids[0]!].map((delivery, i) =>
        withCorrelation(`req-${i}`, () => {
          const body = JSON.stringify({ event: 'document.completed', data: { id: delivery } });
          return ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), logged);
        }),
      );
      expect((await Promise.all(requests)).every((r) => r.status === 200)).toBe(true);
      expect(lines.every((l) => l.msg === 'webhooks stored')).toBe(true);
      // The first request commits at once, alone; the five that arrive meanwhile share the next commit.
      expect(lines.map((l) => l.obj.count)).toEqual([1, 5]);
      const named = lines.flatMap((l) => l.obj.deliveries);
      expect(named.map((d) => d.correlationId).sort()).toEqual(['req-0', 'req-1', 'req-2', 'req-3', 'req-4', 'req-5']);
      expect(named.find((d) => d.correlationId === 'req-5')).toMatchObject({ deliveryId: ids[0], duplicate: true });
      expect(lines[1]!.obj.duplicates).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('notifies listening workers when it queues processing, and not for a batch of copies only', async () => {
    const listener = new Client({ connectionString: t.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query(`listen ${WEBHOOK_JOBS_CHANNEL}`);
    try {
      const send = (delivery: string) => {
        const body = JSON.stringify({ event: 'document.completed', data: { id: delivery } });
        return ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), deps);
      };
      const waitFor = async (n: number) => {
        for (let i = 0; i < 100 && heard.length < n; i++) await new Promise((r) => setTimeout(r, 20));
      };
      await send('a6c3f2e4-0320-4000-8000-000000000001');
      await waitFor(1);
      await send('a6c3f2e4-0320-4000-8000-000000000001');
      await send('a6c3f2e4-0320-4000-8000-000000000002');
      await waitFor(2);
      // Notifications arrive in commit order: had the copy notified, the second new delivery's would be the third.
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([WEBHOOK_JOBS_CHANNEL, WEBHOOK_JOBS_CHANNEL]);
    } finally {
      await listener.end();
    }
  });

  it("queues a job with the queue's own policy, as pg-boss's send would", async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_policy' } });
    const result = await ingestWebhook('exdata', exdataRequest(body), Buffer.from(body), deps);
    const ours = await t.db.execute<Record<string, unknown>>(sql`
      select state::text, priority, retry_limit, retry_delay, retry_backoff, expire_in::text, dead_letter, policy, (keep_until - created_on)::text as kept, data
        from pgboss.job where name = ${queues.webhookProcess} and data->'deliveryRowIds' ? ${String(result.body.id)}`);
    const sentId = await boss.send(queues.webhookProcess, { deliveryRowIds: [] });
    const sent = await t.db.execute<Record<string, unknown>>(sql`
      select state::text, priority, retry_limit, retry_delay, retry_backoff, expire_in::text, dead_letter, policy, (keep_until - created_on)::text as kept
        from pgboss.job where id = ${sentId}`);
    await t.db.execute(sql`delete from pgboss.job where id = ${sentId}`);
    const { data, kept, ...policy } = ours.rows[0]!;
    const { kept: sentKept, ...sentPolicy } = sent.rows[0]!;
    expect(policy).toEqual(sentPolicy);
    expect(policy).toMatchObject({ state: 'created', retry_limit: 5, expire_in: '00:00:30' });
    expect(String(kept).slice(0, 7)).toBe(String(sentKept).slice(0, 7));
    expect(data).toMatchObject({ deliveryRowIds: [result.body.id] });
  });

  it('stores each delivery once when two receivers (two app instances) take the same IDs at once', async () => {
    const other = new Pool({ connectionString: t.url, max: 4 });
    const ids = Array.from({ length: 60 }, (_, i) => `a6c3f2e4-0200-4000-8000-${String(i).padStart(12, '0')}`);
    const send = (pool: typeof t.pool) =>
      Promise.all(
        ids.map((delivery) => {
          const body = JSON.stringify({ event: 'document.completed', data: { id: delivery } });
          return ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), { ...deps, pool });
        }),
      );
    const before = await jobs();
    const [a, b] = await Promise.all([send(t.pool), send(other)]);
    await other.end();
    const all = [...a, ...b];
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(all.filter((r) => r.body.duplicate === false)).toHaveLength(ids.length);
    await foldDuplicateCopies(t.pool);
    const stored = await t.db.execute<{ n: string; dups: string }>(
      sql`select count(*) as n, sum(duplicate_count) as dups from webhook_deliveries where delivery_id like 'a6c3f2e4-0200-%'`,
    );
    expect(stored.rows[0]).toEqual({ n: String(ids.length), dups: String(ids.length) });
    expect(await jobs()).toBe(before + ids.length);
  });

  it('counts a copy whose original another receiver committed while this one was storing it', async () => {
    const row = {
      provider: 'goroute' as const,
      deliveryId: `evt_race_${randomUUID()}`,
      eventType: 'transaction.delivered',
      receivedAt: new Date(),
      headers: {},
      body: '{}',
      signatureResult: 'valid' as const,
      timestampSkewSeconds: 0,
      processingResult: 'queued' as const,
      processingError: null,
    };
    const first = await t.pool.connect();
    const second = await t.pool.connect();
    try {
      await first.query('begin');
      const [original] = await storeAcceptedDeliveries(first, [row], { queue: queues.webhookProcess });
      // The second receiver's statement starts before the first commits: it waits on the row, then finds it taken.
      const copy = storeAcceptedDeliveries(second, [{ ...row, receivedAt: new Date() }], {
        queue: queues.webhookProcess,
      });
      await new Promise((r) => setTimeout(r, 200));
      await first.query('commit');
      expect(await copy).toEqual([{ id: original!.id, duplicate: true }]);
    } finally {
      first.release();
      second.release();
    }
    await foldDuplicateCopies(t.pool);
    const [stored] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.deliveryId, row.deliveryId));
    expect(stored!.duplicateCount).toBe(1);
  });

  it('shows the count at once on the delivery page and folds each counted copy onto its row once', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_fold' } });
    const delivery = 'a6c3f2e4-0300-4000-8000-000000000001';
    const first = await ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), deps);
    for (let i = 0; i < 3; i++)
      await ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), deps);
    // The delivery page counts them at once, before any fold.
    (globalThis as { invoiceOpsDb?: unknown }).invoiceOpsDb = { db: t.db, pool: t.pool };
    try {
      const { getWebhookDelivery } = await import('@/db/queries/item-detail');
      expect((await getWebhookDelivery(String(first.body.id)))?.duplicateCount).toBe(3);
    } finally {
      delete (globalThis as { invoiceOpsDb?: unknown }).invoiceOpsDb;
    }
    // Two workers folding at once: each copy counted once.
    await Promise.all([foldDuplicateCopies(t.pool), foldDuplicateCopies(t.pool)]);
    await foldDuplicateCopies(t.pool);
    const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, delivery));
    expect(row!.duplicateCount).toBe(3);
    expect(row!.lastDuplicateAt).not.toBeNull();
    expect(
      await t.db.execute(sql`select count(*)::int as n from webhook_duplicate_copies`).then((r) => r.rows[0]),
    ).toEqual({ n: 0 });
  });

  it('stores nothing when the processing queue is missing, so the provider redelivers instead of a delivery nobody applies', async () => {
    const row = {
      provider: 'goroute' as const,
      deliveryId: `evt_noqueue_${randomUUID()}`,
      eventType: 'transaction.delivered',
      receivedAt: new Date(),
      headers: {},
      body: '{}',
      signatureResult: 'valid' as const,
      timestampSkewSeconds: 0,
      processingResult: 'queued' as const,
      processingError: null,
    };
    const client = await t.pool.connect();
    try {
      await expect(storeAcceptedDeliveries(client, [row], { queue: 'no-such-queue' })).rejects.toThrow(
        /no partition of relation "job"|null value in column "name"/,
      );
    } finally {
      client.release();
    }
    expect(await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, row.deliveryId))).toEqual(
      [],
    );
  });

  it('refuses forged, tampered, unsigned, stale and future-dated deliveries, and records each', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_3' } });
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      {
        name: 'wrong secret',
        headers: exdataRequest(body, { secret: 'attacker' }),
        raw: body,
        reason: 'signature does not match',
      },
      {
        name: 'tampered',
        headers: exdataRequest(body),
        raw: body.replace('doc_3', 'doc_9'),
        reason: 'signature does not match',
      },
      {
        name: 'unsigned',
        headers: exdataRequest(body, { signature: null }),
        raw: body,
        reason: 'signature header missing',
      },
      {
        name: 'stale',
        headers: exdataRequest(body, { timestamp: now - 301 }),
        raw: body,
        reason: 'timestamp outside the allowed window',
      },
      {
        name: 'future',
        headers: exdataRequest(body, { timestamp: now + 3600 }),
        raw: body,
        reason: 'timestamp outside the allowed window',
      },
    ];
    const before = await jobs();
    for (const c of cases) {
      const result = await ingestWebhook('exdata', c.headers, Buffer.from(c.raw), deps);
      expect(result, c.name).toEqual({ status: 401, body: { error: c.reason } });
      const [row] = await t.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.deliveryId, c.headers.get('x-delivery')!));
      expect(row, c.name).toMatchObject({ processingResult: 'rejected', processingError: c.reason });
    }
    expect(await jobs()).toBe(before);
  });

  it('refuses a genuine delivery re-posted under another X-Event with 400, recorded as a mismatch, queuing nothing', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_relabel', status: 'completed' } });
    const signature = signExdata(body, 'ex_current');
    const original = 'a6c3f2e4-0005-4000-8000-000000000001';
    expect(
      (await ingestWebhook('exdata', exdataRequest(body, { delivery: original }), Buffer.from(body), deps)).status,
    ).toBe(200);
    // What anyone who saw that delivery can send: its body and signature, a new ID, a fresh timestamp, another label.
    const relabelled = 'a6c3f2e4-0005-4000-8000-000000000002';
    const headers = exdataRequest(body, { delivery: relabelled, signature });
    headers.set('x-event', 'document.blocked');
    const before = await jobs();
    const reason = 'X-Event header says document.blocked but the signed body is document.completed';
    expect(await ingestWebhook('exdata', headers, Buffer.from(body), deps)).toEqual({
      status: 400,
      body: { error: reason },
    });
    const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, relabelled));
    expect(row).toMatchObject({
      signatureResult: 'mismatch',
      processingResult: 'rejected',
      processingError: reason,
      eventType: 'document.completed',
    });
    expect(await jobs()).toBe(before);
  });

  it('takes the event of a genuine delivery without X-Event from its signed body, and stores no signature', async () => {
    const body = JSON.stringify({ event: 'document.failed', data: { id: 'doc_unlabelled', status: 'error' } });
    const headers = exdataRequest(body, { delivery: 'a6c3f2e4-0006-4000-8000-000000000001' });
    headers.delete('x-event');
    const before = await jobs();
    expect((await ingestWebhook('exdata', headers, Buffer.from(body), deps)).status).toBe(200);
    const [row] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.deliveryId, 'a6c3f2e4-0006-4000-8000-000000000001'));
    expect(row).toMatchObject({ signatureResult: 'valid', processingResult: 'queued', eventType: 'document.failed' });
    expect(Object.keys(row!.headers as Record<string, string>)).not.toContain('x-signature');
    expect(await jobs()).toBe(before + 1);
  });

  it('does not let a forged copy pre-empt the genuine delivery with the same ID', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_4' } });
    const delivery = 'a6c3f2e4-0004-4000-8000-000000000004';
    expect(
      (await ingestWebhook('exdata', exdataRequest(body, { delivery, secret: 'attacker' }), Buffer.from(body), deps))
        .status,
    ).toBe(401);
    expect(
      (await ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), deps)).body.duplicate,
    ).toBe(false);
  });

  it('accepts GoRoute deliveries signed with the previous secret and keys them on the signed event_id', async () => {
    const body = JSON.stringify({
      event: 'transaction.delivered',
      event_id: 'evt_rotation_1',
      timestamp: new Date().toISOString(),
      organization_id: 'org_1',
      data: {},
    });
    const headers = new Headers({
      'x-goroute-event-id': 'evt_spoofed',
      'x-goroute-signature': signGoRoute(body, 'gr_previous'),
    });
    expect((await ingestWebhook('goroute', headers, Buffer.from(body), deps)).status).toBe(200);
    const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, 'evt_rotation_1'));
    expect(row).toMatchObject({ signatureResult: 'valid_previous_secret', eventType: 'transaction.delivered' });
    // The same signed body under another header ID is still the same delivery.
    const again = await ingestWebhook(
      'goroute',
      new Headers({ 'x-goroute-event-id': 'evt_other', 'x-goroute-signature': signGoRoute(body, 'gr_current') }),
      Buffer.from(body),
      deps,
    );
    expect(again.body.duplicate).toBe(true);
  });

  it('refuses a signed body that is not JSON with 400, queuing nothing', async () => {
    const body = '{"event": "document.completed", ';
    const before = await jobs();
    expect((await ingestWebhook('exdata', exdataRequest(body), Buffer.from(body), deps)).status).toBe(400);
    expect(await jobs()).toBe(before);
  });
});
