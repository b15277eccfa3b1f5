import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { webhookDeliveries } from '@/db/schema';
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
        { provider: 'exdata', deliveryId: 'r-2', headers: {}, signatureResult: 'invalid', processingResult: 'rejected' },
        { provider: 'exdata', deliveryId: 'r-3', headers: {}, signatureResult: 'valid', processingResult: 'processed' },
      ])
      .returning();
    const deps = { pool: t.pool, boss: t.boss };
    await expect(reprocessDelivery(deps, as.manager!, unmatched!.id)).rejects.toThrow(ForbiddenError);
    expect(await reprocessDelivery(deps, as.support!, unmatched!.id)).toEqual({ ok: true });
    expect((await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, unmatched!.id)))[0]!.processingResult).toBe('queued');
    expect((await reprocessDelivery(deps, as.support!, forged!.id)).ok).toBe(false);
    expect((await reprocessDelivery(deps, as.support!, processed!.id)).ok).toBe(false);
  });
});
