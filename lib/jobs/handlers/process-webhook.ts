import { and, eq } from 'drizzle-orm';
import { webhookDeliveries } from '@/db/schema';
import { handleExdata } from '@/lib/webhooks/handle-exdata';
import { handleGoRoute } from '@/lib/webhooks/handle-goroute';
import { obj, type Outcome } from '@/lib/webhooks/effects';
import { inTransaction } from '../transaction';
import type { JobDeps } from '../deps';

function parse(body: string | null): Record<string, unknown> {
  try {
    return obj(JSON.parse(body ?? 'null'));
  } catch {
    return {};
  }
}

/**
 * Applies one stored delivery. Runs in one transaction with everything it changes, so a crash
 * re-runs it whole; a delivery already past `queued` is left alone (at-least-once jobs, exactly-once effects).
 */
export async function processWebhook(deps: JobDeps, deliveryRowId: string): Promise<Outcome | null> {
  try {
    return await apply(deps, deliveryRowId);
  } catch (error) {
    // Two copies of one effect (an exdata replay racing its original) both passed the check; the
    // unique index let one win. The loser is a duplicate, not a failure.
    const cause = (error as { cause?: { code?: string; constraint?: string } }).cause ?? (error as { code?: string; constraint?: string });
    if (cause.code !== '23505' || cause.constraint !== 'webhook_deliveries_effect_key') throw error;
    await deps.db
      .update(webhookDeliveries)
      .set({ processingResult: 'duplicate_effect', processedAt: new Date() })
      .where(and(eq(webhookDeliveries.id, deliveryRowId), eq(webhookDeliveries.processingResult, 'queued')));
    return { result: 'duplicate_effect' };
  }
}

async function apply(deps: JobDeps, deliveryRowId: string): Promise<Outcome | null> {
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const [delivery] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryRowId)).for('update');
    if (!delivery || delivery.processingResult !== 'queued') return null;
    const ctx = { tx, enqueue, deliveryRowId, receivedAt: delivery.receivedAt };
    const body = parse(delivery.body);
    const outcome = delivery.provider === 'exdata' ? await handleExdata(ctx, delivery.eventType, body) : await handleGoRoute(ctx, delivery.eventType, body);
    const processedAt = new Date();
    await tx
      .update(webhookDeliveries)
      .set({
        processingResult: outcome.result,
        processingError: outcome.error ?? null,
        effectKey: outcome.effectKey ?? null,
        documentId: outcome.documentId ?? null,
        transactionId: outcome.transactionId ?? null,
        processedAt,
        processingLatencyMs: processedAt.getTime() - delivery.receivedAt.getTime(),
      })
      .where(eq(webhookDeliveries.id, deliveryRowId));
    return outcome;
  });
}
