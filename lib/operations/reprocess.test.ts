import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { auditLog, webhookDeliveries } from '@/db/schema';
import { processWebhook } from '@/worker/handlers/process-webhook';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { reprocessDelivery } from './reprocess';

describe.each(testServers())('reprocessing webhooks on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  const as: Record<string, SessionUser> = {};
  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    Object.assign(as, await demoSessionUsers(t.db));
  });
  afterAll(() => t?.drop());

  it('requeues an unmatched genuine delivery, but never a forged or already processed one', async () => {
    const [unmatched, forged, processed] = await t.db
      .insert(webhookDeliveries)
      .values([
        { provider: 'exdata', deliveryId: 'r-1', headers: {}, signatureResult: 'valid', processingResult: 'unmatched' },
        {
          provider: 'exdata',
          deliveryId: 'r-2',
          headers: {},
          signatureResult: 'invalid',
          processingResult: 'rejected',
        },
        { provider: 'exdata', deliveryId: 'r-3', headers: {}, signatureResult: 'valid', processingResult: 'processed' },
      ])
      .returning();
    const deps = { pool: t.pool, boss: t.boss };
    await expect(reprocessDelivery(deps, as.manager!, unmatched!.id)).rejects.toThrow(ForbiddenError);
    expect(await reprocessDelivery(deps, as.support!, unmatched!.id)).toEqual({ ok: true });
    expect(
      (await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, unmatched!.id)))[0]!.processingResult,
    ).toBe('queued');
    expect((await reprocessDelivery(deps, as.support!, forged!.id)).ok).toBe(false);
    expect((await reprocessDelivery(deps, as.support!, processed!.id)).ok).toBe(false);
  });

  it('measures the latency of a reprocessed delivery from the reprocess, not from its first receipt days ago', async () => {
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    const body = JSON.stringify({
      event: 'transaction.delivered',
      event_id: 'evt_late',
      data: { transaction_id: 'txn_not_here_yet', status: 'delivered' },
    });
    const [old] = await t.db
      .insert(webhookDeliveries)
      .values({
        provider: 'goroute',
        deliveryId: 'evt_late',
        eventType: 'transaction.delivered',
        headers: {},
        body,
        signatureResult: 'valid',
        processingResult: 'unmatched',
        receivedAt: threeDaysAgo,
        processedAt: threeDaysAgo,
        processingLatencyMs: 40,
      })
      .returning();
    const asked = Date.now();
    expect(await reprocessDelivery({ pool: t.pool, boss: t.boss }, as.support!, old!.id)).toEqual({ ok: true });
    const [queued] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, old!.id));
    // While it waits, the old run's figure is not shown as this run's.
    expect(queued).toMatchObject({
      processingResult: 'queued',
      processingLatencyMs: null,
      reprocessRequestedAt: expect.any(Date),
    });
    expect(queued!.reprocessRequestedAt!.getTime()).toBeGreaterThanOrEqual(asked - 1000);

    await processWebhook({ db: t.db, pool: t.pool, boss: t.boss }, old!.id);
    const [done] = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, old!.id));
    expect(done!.processingResult).toBe('unmatched');
    expect(done!.processingLatencyMs).toBeGreaterThanOrEqual(0);
    expect(done!.processingLatencyMs).toBeLessThan(60_000);
    expect(done!.processedAt!.getTime() - done!.reprocessRequestedAt!.getTime()).toBe(done!.processingLatencyMs);
  });

  it('gives deliveries reprocessed before this was recorded their request time from the audit log (migration 0015)', async () => {
    const receivedAt = new Date(Date.now() - 10 * 3_600_000);
    const processedAt = new Date(Date.now() - 60_000);
    const [before] = await t.db
      .insert(webhookDeliveries)
      .values({
        provider: 'goroute',
        deliveryId: 'evt_before',
        headers: {},
        signatureResult: 'valid',
        processingResult: 'processed',
        receivedAt,
        processedAt,
        processingLatencyMs: processedAt.getTime() - receivedAt.getTime(),
      })
      .returning();
    const [never] = await t.db
      .insert(webhookDeliveries)
      .values({
        provider: 'goroute',
        deliveryId: 'evt_never',
        headers: {},
        signatureResult: 'valid',
        processingResult: 'processed',
        receivedAt,
        processedAt: receivedAt,
        processingLatencyMs: 120,
      })
      .returning();
    const askedAt = new Date(processedAt.getTime() - 850);
    await t.db.insert(auditLog).values({
      actorId: as.support!.id,
      actorEmail: as.support!.email,
      action: 'webhook.reprocess',
      targetType: 'webhook_delivery',
      targetId: before!.id,
      createdAt: askedAt,
    });
    await t.pool.query(
      readFileSync(path.join(__dirname, '..', '..', 'db', 'migrations', '0015_reprocess_latency.sql'), 'utf8'),
    );
    const rows = await t.db
      .select()
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, [before!.id, never!.id]));
    expect(rows.find((r) => r.id === before!.id)).toMatchObject({
      reprocessRequestedAt: askedAt,
      processingLatencyMs: 850,
    });
    expect(rows.find((r) => r.id === never!.id)).toMatchObject({
      reprocessRequestedAt: null,
      processingLatencyMs: 120,
    });
  });
});
