import { recordAudit } from '@/lib/pipeline/audit-trail';
import { and, eq, inArray } from 'drizzle-orm';
import { webhookDeliveries } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues, type WebhookJob } from '@/lib/jobs/queues';
import { inTransaction } from '@/db/transaction';
import type { ActionDeps } from '@/lib/actions';
import type { ActionResult } from '@/lib/result';

/**
 * Runs a stored, genuine delivery through processing again — after a fix, or once the document it
 * was about exists. A delivery that was processed is not re-run: its effect already happened.
 */
export async function reprocessDelivery(
  deps: Pick<ActionDeps, 'pool' | 'boss'>,
  user: SessionUser,
  deliveryRowId: string,
): Promise<ActionResult> {
  assertCan(user, 'webhooks:reprocess');
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const [before] = await tx
      .select({ result: webhookDeliveries.processingResult })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryRowId));
    // The worker measures this run's latency from now, not from the first receipt (worker/handlers/process-webhook.ts).
    const now = new Date();
    const [row] = await tx
      .update(webhookDeliveries)
      .set({
        processingResult: 'queued',
        processingError: null,
        effectKey: null,
        processedAt: null,
        processingLatencyMs: null,
        reprocessRequestedAt: now,
      })
      .where(
        and(
          eq(webhookDeliveries.id, deliveryRowId),
          inArray(webhookDeliveries.signatureResult, ['valid', 'valid_previous_secret']),
          inArray(webhookDeliveries.processingResult, ['failed', 'unmatched', 'ignored']),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    if (!row)
      return {
        ok: false,
        error: 'Only a genuine delivery that failed, matched nothing or was ignored can be reprocessed.',
      };
    await recordAudit(tx, {
      actor: user,
      action: 'webhook.reprocess',
      target: { type: 'webhook_delivery', id: deliveryRowId },
      before: { processingResult: before?.result },
      after: { processingResult: 'queued', reprocessRequestedAt: now.toISOString() },
    });
    await enqueue(queues.webhookProcess, { deliveryRowIds: [deliveryRowId] } satisfies WebhookJob);
    return { ok: true };
  });
}
