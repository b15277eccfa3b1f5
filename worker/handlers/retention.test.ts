import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import {
  auditLog,
  documentFiles,
  documents,
  settings,
  signInFailures,
  timelineEvents,
  transactions,
  webhookDeliveries,
} from '@/db/schema';
import { freshDatabase, testServers } from '@/test/databases';
import { retention, RETENTION_BATCH } from './retention';

const DAY = 86_400_000;
const now = new Date('2026-03-14T10:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

describe.each(testServers())('retention on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await freshDatabase(url);
    await t.db.insert(settings).values({ key: 'retention', value: { raw_payload_days: 30 } });
    const doc = (name: string, state: 'delivered' | 'blocked', age: number) => ({
      sourceId: `SRC-R-${name}`,
      uploadIdempotencyKey: `upload:r:${name}`,
      filename: `${name}.pdf`,
      fileFormat: 'pdf',
      fileSize: 3,
      pipelineState: state,
      createdAt: daysAgo(age),
    });
    const [oldDone, newDone, oldBlocked] = await t.db
      .insert(documents)
      .values([doc('old', 'delivered', 40), doc('new', 'delivered', 2), doc('blocked', 'blocked', 40)])
      .returning();
    Object.assign(ids, { oldDone: oldDone!.id, newDone: newDone!.id, oldBlocked: oldBlocked!.id });
    const file = (documentId: string, age: number) => ({
      documentId,
      contentType: 'application/pdf',
      sha256: 'x',
      size: 3,
      content: Buffer.from('pdf'),
      createdAt: daysAgo(age),
    });
    await t.db.insert(documentFiles).values([file(oldDone!.id, 40), file(newDone!.id, 2), file(oldBlocked!.id, 40)]);

    const headers = {
      'content-type': 'application/json',
      'x-delivery': 'd-1',
      'x-signature': 'abc',
      'x-forwarded-for': '203.0.113.9',
    };
    const hook = (deliveryId: string, age: number, processingResult: 'processed' | 'queued') => ({
      provider: 'exdata' as const,
      deliveryId,
      eventType: 'document.completed',
      headers,
      body: '{"data":{}}',
      signatureResult: 'valid' as const,
      processingResult,
      receivedAt: daysAgo(age),
      documentId: oldDone!.id,
    });
    const [oldHook, newHook, oldQueued] = await t.db
      .insert(webhookDeliveries)
      .values([hook('w-old', 40, 'processed'), hook('w-new', 2, 'processed'), hook('w-queued', 40, 'queued')])
      .returning();
    Object.assign(ids, { oldHook: oldHook!.id, newHook: newHook!.id, oldQueued: oldQueued!.id });
    // More old deliveries than one batch holds, so the job has to loop.
    await t.db
      .execute(sql`insert into webhook_deliveries (provider, delivery_id, event_type, headers, body, signature_result, processing_result, received_at)
      select 'goroute', 'bulk-' || g, 'transaction.delivered', '{"x-goroute-signature":"sha256=1"}', '{}', 'valid', 'processed', ${daysAgo(50).toISOString()}::timestamptz + g * interval '1 second'
      from generate_series(1, ${RETENTION_BATCH + 100}) g`);

    const txn = (key: string, status: 'delivered' | 'failed', age: number) => ({
      direction: 'outbound' as const,
      sendIdempotencyKey: key,
      status,
      ublXml: '<Invoice/>',
      createdAt: daysAgo(age),
      documentId: oldDone!.id,
    });
    const [oldTxn, newTxn, oldFailed] = await t.db
      .insert(transactions)
      .values([txn('send:r1', 'delivered', 40), txn('send:r2', 'delivered', 2), txn('send:r3', 'failed', 40)])
      .returning();
    Object.assign(ids, { oldTxn: oldTxn!.id, newTxn: newTxn!.id, oldFailed: oldFailed!.id });
    await t.db.insert(timelineEvents).values({
      documentId: oldDone!.id,
      kind: 'webhook',
      title: 'exdata webhook',
      webhookDeliveryId: oldHook!.id,
      createdAt: daysAgo(40),
    });
    await t.db.insert(auditLog).values({
      actorEmail: 'admin@example.test',
      action: 'settings.update',
      targetType: 'settings',
      targetId: 'retention',
      createdAt: daysAgo(40),
    });
    const failure = (age: number) => ({
      email: 'someone@example.test',
      client: '198.51.100.9',
      reason: 'password',
      at: daysAgo(age),
    });
    await t.db.insert(signInFailures).values([failure(40), failure(31), failure(2)]);
  });
  afterAll(() => t?.drop());

  const hook = async (id: string) =>
    (await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]!;
  const ubl = async (id: string) =>
    (await t.db.select({ ubl: transactions.ublXml }).from(transactions).where(eq(transactions.id, id)))[0]!.ubl;
  const hasFile = async (id: string) =>
    (await t.db.select().from(documentFiles).where(eq(documentFiles.documentId, id))).length === 1;

  it('clears payloads older than the retention period and keeps recent ones, metadata, timelines and audit', async () => {
    const summary = await retention({ db: t.db }, { now });
    expect(summary).toBe(
      `retention 30 d (before ${daysAgo(30).toISOString()}): ${RETENTION_BATCH + 101} webhook bodies, 1 uploaded files, 1 UBL documents, 2 failed sign-ins purged`,
    );
    expect(await t.db.select().from(signInFailures)).toHaveLength(1);

    const old = await hook(ids.oldHook!);
    expect(old.body).toBeNull();
    // Identifying headers stay; the signature and the caller's address go.
    expect(old.headers).toEqual({ 'content-type': 'application/json', 'x-delivery': 'd-1' });
    expect(old).toMatchObject({
      deliveryId: 'w-old',
      eventType: 'document.completed',
      signatureResult: 'valid',
      processingResult: 'processed',
      documentId: ids.oldDone,
    });
    expect((await hook(ids.newHook!)).body).toBe('{"data":{}}');
    // A delivery still waiting for processing needs its body.
    expect((await hook(ids.oldQueued!)).body).toBe('{"data":{}}');
    const [bulk] = (
      await t.db.execute<{ left: string }>(
        sql`select count(*) as left from webhook_deliveries where provider = 'goroute' and body is not null`,
      )
    ).rows;
    expect(Number(bulk!.left)).toBe(0);

    expect(await ubl(ids.oldTxn!)).toBeNull();
    expect(await ubl(ids.newTxn!)).toBe('<Invoice/>');
    expect(await ubl(ids.oldFailed!)).toBe('<Invoice/>');

    expect(await hasFile(ids.oldDone!)).toBe(false);
    expect(await hasFile(ids.newDone!)).toBe(true);
    // A blocked document may be uploaded again, so its file stays.
    expect(await hasFile(ids.oldBlocked!)).toBe(true);
    expect(await t.db.select().from(documents)).toHaveLength(3);
    expect(await t.db.select().from(timelineEvents).where(eq(timelineEvents.documentId, ids.oldDone!))).toHaveLength(1);
    expect(await t.db.select().from(auditLog)).toHaveLength(1);
  });

  it('changes nothing on a second run', async () => {
    const before = (await hook(ids.oldHook!)).headers;
    expect(await retention({ db: t.db }, { now })).toBe(
      `retention 30 d (before ${daysAgo(30).toISOString()}): 0 webhook bodies, 0 uploaded files, 0 UBL documents, 0 failed sign-ins purged`,
    );
    expect((await hook(ids.oldHook!)).headers).toEqual(before);
    expect((await hook(ids.newHook!)).body).toBe('{"data":{}}');
  });
});
