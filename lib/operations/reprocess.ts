import { and, eq, inArray } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { auditLog, webhookDeliveries } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues, type WebhookJob } from '@/lib/jobs/queues';
import { inTransaction } from '@/lib/jobs/transaction';
import type { DecisionResult } from '@/lib/review/approve';

/**
 * Runs a stored, genuine delivery through processing again — after a fix, or once the document it
 * was about exists. A delivery that was processed is not re-run: its effect already happened.
 */
export async function reprocessDelivery(deps: { pool: Pool; boss: PgBoss }, user: SessionUser, deliveryRowId: string): Promise<DecisionResult> {
  assertCan(user, 'webhooks:reprocess');
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const [before] = await tx.select({ result: webhookDeliveries.processingResult }).from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryRowId));
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ processingResult: 'queued', processingError: null, effectKey: null, processedAt: null })
      .where(
        and(
          eq(webhookDeliveries.id, deliveryRowId),
          inArray(webhookDeliveries.signatureResult, ['valid', 'valid_previous_secret']),
          inArray(webhookDeliveries.processingResult, ['failed', 'unmatched', 'ignored']),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    if (!row) return { ok: false, error: 'Only a genuine delivery that failed, matched nothing or was ignored can be reprocessed.' };
    await tx.insert(auditLog).values({ actorId: user.id, actorEmail: user.email, action: 'webhook.reprocess', targetType: 'webhook_delivery', targetId: deliveryRowId, before: { processingResult: before?.result }, after: { processingResult: 'queued' } });
    await enqueue(queues.webhookProcess, { deliveryRowIds: [deliveryRowId] } satisfies WebhookJob);
    return { ok: true };
  });
}
