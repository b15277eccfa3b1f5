import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { webhookDeliveries } from '@/db/schema';
import { createBoss, ensureQueues, queues } from '@/lib/jobs/queues';
import { freshDatabase, testServers } from '@/test/databases';
import { ingestWebhook, type IngestDeps } from './ingest';
import { signExdata, signGoRoute } from './signatures';

const config = {
  secrets: { goroute: { current: 'gr_current', previous: 'gr_previous' }, exdata: { current: 'ex_current' } },
  toleranceSeconds: 300,
};

function exdataRequest(body: string, opts: { delivery?: string; secret?: string; timestamp?: number; signature?: string | null } = {}) {
  const headers = new Headers({ 'content-type': 'application/json', 'x-event': 'document.completed', 'user-agent': 'exdata-webhooks/1.0' });
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
  const jobs = async () => Number((await t.db.execute(sql`select count(*) as n from pgboss.job, jsonb_array_elements_text(data->'deliveryRowIds') where name = ${queues.webhookProcess}`)).rows[0]!.n);
  const jobRows = async () => Number((await t.db.execute(sql`select count(*) as n from pgboss.job where name = ${queues.webhookProcess}`)).rows[0]!.n);

  beforeAll(async () => {
    t = await freshDatabase(url);
    boss = createBoss(t.url, { supervise: false, schedule: false });
    await boss.start();
    await ensureQueues(boss);
    deps = { pool: t.pool, boss, config };
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  it('stores a genuine exdata delivery and queues its processing in the same transaction', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_1', status: 'completed' } });
    const before = await jobs();
    const result = await ingestWebhook('exdata', exdataRequest(body, { delivery: 'a6c3f2e4-0001-4000-8000-000000000001' }), Buffer.from(body), deps);
    expect(result.status).toBe(200);
    const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, 'a6c3f2e4-0001-4000-8000-000000000001'));
    expect(row).toMatchObject({ signatureResult: 'valid', processingResult: 'queued', eventType: 'document.completed', body });
    expect(row!.headers).toMatchObject({ 'x-event': 'document.completed' });
    expect(await jobs()).toBe(before + 1);
  });

  it('processes 100 concurrent copies of one delivery exactly once', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_2' } });
    const delivery = 'a6c3f2e4-0002-4000-8000-000000000002';
    const before = await jobs();
    const results = await Promise.all(Array.from({ length: 100 }, () => ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), deps)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
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
    const stored = await t.db.execute<{ n: string; dups: string }>(
      sql`select count(*) as n, sum(duplicate_count) as dups from webhook_deliveries where delivery_id like 'a6c3f2e4-0100-%'`,
    );
    expect(Number(stored.rows[0]!.n)).toBe(ids.length);
    expect(Number(stored.rows[0]!.dups)).toBe(copies.length - ids.length);
    expect(await jobs()).toBe(before + ids.length);
    // One job per commit, not per delivery: the storm shared commits.
    expect(await jobRows()).toBeLessThan(rowsBefore + ids.length / 2);
  });

  it('refuses forged, tampered, unsigned, stale and future-dated deliveries, and records each', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_3' } });
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      { name: 'wrong secret', headers: exdataRequest(body, { secret: 'attacker' }), raw: body, reason: 'signature does not match' },
      { name: 'tampered', headers: exdataRequest(body), raw: body.replace('doc_3', 'doc_9'), reason: 'signature does not match' },
      { name: 'unsigned', headers: exdataRequest(body, { signature: null }), raw: body, reason: 'signature header missing' },
      { name: 'stale', headers: exdataRequest(body, { timestamp: now - 301 }), raw: body, reason: 'timestamp outside the allowed window' },
      { name: 'future', headers: exdataRequest(body, { timestamp: now + 3600 }), raw: body, reason: 'timestamp outside the allowed window' },
    ];
    const before = await jobs();
    for (const c of cases) {
      const result = await ingestWebhook('exdata', c.headers, Buffer.from(c.raw), deps);
      expect(result, c.name).toEqual({ status: 401, body: { error: c.reason } });
      const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, c.headers.get('x-delivery')!));
      expect(row, c.name).toMatchObject({ processingResult: 'rejected', processingError: c.reason });
    }
    expect(await jobs()).toBe(before);
  });

  it('does not let a forged copy pre-empt the genuine delivery with the same ID', async () => {
    const body = JSON.stringify({ event: 'document.completed', data: { id: 'doc_4' } });
    const delivery = 'a6c3f2e4-0004-4000-8000-000000000004';
    expect((await ingestWebhook('exdata', exdataRequest(body, { delivery, secret: 'attacker' }), Buffer.from(body), deps)).status).toBe(401);
    expect((await ingestWebhook('exdata', exdataRequest(body, { delivery }), Buffer.from(body), deps)).body.duplicate).toBe(false);
  });

  it('accepts GoRoute deliveries signed with the previous secret and keys them on the signed event_id', async () => {
    const body = JSON.stringify({ event: 'transaction.delivered', event_id: 'evt_rotation_1', timestamp: new Date().toISOString(), organization_id: 'org_1', data: {} });
    const headers = new Headers({ 'x-goroute-event-id': 'evt_spoofed', 'x-goroute-signature': signGoRoute(body, 'gr_previous') });
    expect((await ingestWebhook('goroute', headers, Buffer.from(body), deps)).status).toBe(200);
    const [row] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, 'evt_rotation_1'));
    expect(row).toMatchObject({ signatureResult: 'valid_previous_secret', eventType: 'transaction.delivered' });
    // The same signed body under another header ID is still the same delivery.
    const again = await ingestWebhook('goroute', new Headers({ 'x-goroute-event-id': 'evt_other', 'x-goroute-signature': signGoRoute(body, 'gr_current') }), Buffer.from(body), deps);
    expect(again.body.duplicate).toBe(true);
  });

  it('refuses a signed body that is not JSON with 400, queuing nothing', async () => {
    const body = '{"event": "document.completed", ';
    const before = await jobs();
    expect((await ingestWebhook('exdata', exdataRequest(body), Buffer.from(body), deps)).status).toBe(400);
    expect(await jobs()).toBe(before);
  });
});
