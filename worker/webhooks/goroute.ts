import { recordTimeline } from '@/lib/pipeline/audit-trail';
import { and, eq } from 'drizzle-orm';
import { documents, transactions, webhookDeliveries, type TransactionStatus } from '@/db/schema';
import { recordAcceptedSendFailure } from '@/lib/pipeline/dead-letter';
import { movesForward } from '@/lib/pipeline/transaction-status';
import { transitionDocument } from '@/lib/pipeline/transition';
import { obj, str } from '@/lib/json';
import type { HandlerContext, Outcome } from './effects';
import { recordInbound } from './inbound';

const statusFor: Record<string, TransactionStatus> = {
  'transaction.created': 'pending',
  'transaction.delivered': 'delivered',
  'transaction.failed': 'failed',
};

const unmatched = (gorouteId: string): Outcome => ({
  result: 'unmatched',
  error: `no transaction with GoRoute ID ${gorouteId}`,
});

/** The GoRoute transaction ID a status event is about, or null when the event has none or is not one of those. */
export function statusEventTransactionId(event: string | null, body: Record<string, unknown>): string | null {
  if (!event || !(Object.hasOwn(statusFor, event) || event === 'document.validated')) return null;
  const data = obj(body.data);
  return str(data.transaction_id) ?? str(data.id);
}

export async function handleGoRoute(
  ctx: HandlerContext,
  event: string | null,
  body: Record<string, unknown>,
): Promise<Outcome> {
  const data = obj(body.data);
  if (event === 'document.received') return recordInbound(ctx, data);
  const gorouteId = statusEventTransactionId(event, body);
  if (!event || !gorouteId) return { result: 'ignored', error: event ? `event ${event} not handled` : 'no event type' };
  if (ctx.unknownGoRouteIds?.has(gorouteId)) return unmatched(gorouteId);
  // Only what the effect needs: the row also holds the invoice's UBL, which this path never reads.
  const [txn] = await ctx.tx
    .select({ id: transactions.id, documentId: transactions.documentId, status: transactions.status })
    .from(transactions)
    .where(eq(transactions.gorouteTransactionId, gorouteId));
  if (!txn) return unmatched(gorouteId);
  const effectKey = `${gorouteId}:${event}`;
  const [done] = await ctx.tx
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.provider, 'goroute'),
        eq(webhookDeliveries.effectKey, effectKey),
        eq(webhookDeliveries.processingResult, 'processed'),
      ),
    );
  if (done) return { result: 'duplicate_effect', effectKey, transactionId: txn.id, documentId: txn.documentId };

  await recordTimeline(ctx.tx, {
    documentId: txn.documentId,
    transactionId: txn.id,
    kind: 'webhook',
    title: `GoRoute ${event}`,
    webhookDeliveryId: ctx.deliveryRowId,
    detail:
      event === 'document.validated'
        ? { valid: data.valid, layers: data.validation_layers ?? null }
        : { status: data.status ?? null },
  });
  const next = statusFor[event];
  if (!next || !movesForward(txn.status, next) || txn.status === 'delivered')
    return { result: 'processed', effectKey, transactionId: txn.id, documentId: txn.documentId };

  const now = new Date();
  if (next === 'failed') {
    const error = obj(data.error);
    const code = str(error.code) ?? 'DELIVERY_FAILED';
    await recordAcceptedSendFailure(
      ctx.tx,
      ctx.enqueue,
      txn,
      { code, message: str(error.message), details: error.details ?? null },
      `GoRoute: ${code}`,
    );
  } else {
    await ctx.tx
      .update(transactions)
      .set({
        status: next,
        statusChangedAt: now,
        updatedAt: now,
        ...(next === 'delivered' ? { deliveredAt: now, messageId: str(data.message_id) } : {}),
      })
      .where(eq(transactions.id, txn.id));
    if (next === 'delivered' && txn.documentId)
      await moveDocument(ctx, txn.documentId, 'delivered', 'Delivered over Peppol');
  }
  return { result: 'processed', effectKey, transactionId: txn.id, documentId: txn.documentId };
}

async function moveDocument(
  ctx: HandlerContext,
  documentId: string,
  to: 'delivered' | 'send_failed' | 'dead_letter',
  title: string,
) {
  const [doc] = await ctx.tx
    .select({ state: documents.pipelineState })
    .from(documents)
    .where(eq(documents.id, documentId));
  if (doc) await transitionDocument(ctx.tx, documentId, doc.state, to, { title });
}
