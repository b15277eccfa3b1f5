import { recordTimeline } from '@/lib/pipeline/audit-trail';
import { eq } from 'drizzle-orm';
import { transactions } from '@/db/schema';
import { storedParticipant } from '@/lib/identifiers';
import { obj, str } from '@/lib/json';
import type { HandlerContext, Outcome } from './effects';

/** A party of the event ({scheme, identifier, name}, {participant_id}, or a bare "0208:…" string) in the stored form. */
function participant(v: unknown) {
  const p = obj(v);
  return {
    ...storedParticipant(str(p.scheme), str(p.identifier) ?? str(p.participant_id) ?? str(v)),
    name: str(p.name),
  };
}

const amount = (v: unknown) =>
  typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ? String(v) : null;

/** An inbound Peppol invoice: one transaction per GoRoute ID, however often the event arrives. */
export async function recordInbound(ctx: HandlerContext, data: Record<string, unknown>): Promise<Outcome> {
  const gorouteId = str(data.transaction_id);
  if (!gorouteId) return { result: 'ignored', error: 'document.received without transaction_id' };
  const sender = participant(data.sender);
  const receiver = participant(data.receiver);
  const inserted = await ctx.tx
    .insert(transactions)
    .values({
      gorouteTransactionId: gorouteId,
      direction: 'inbound',
      documentType: str(data.document_type) ?? 'invoice',
      invoiceNumber: str(data.invoice_number),
      senderScheme: sender.scheme,
      senderIdentifier: sender.identifier,
      senderName: sender.name,
      receiverScheme: receiver.scheme,
      receiverIdentifier: receiver.identifier,
      receiverName: receiver.name,
      status: 'delivered',
      currency: str(data.currency),
      totalAmount: amount(data.total_amount),
      taxAmount: amount(data.tax_amount),
      deliveredAt: str(data.received_at) ? new Date(String(data.received_at)) : ctx.receivedAt,
    })
    .onConflictDoNothing({ target: transactions.gorouteTransactionId })
    .returning({ id: transactions.id });
  if (!inserted[0]) {
    const [existing] = await ctx.tx
      .select({ id: transactions.id })
      .from(transactions)
      .where(eq(transactions.gorouteTransactionId, gorouteId));
    return { result: 'duplicate_effect', effectKey: `${gorouteId}:document.received`, transactionId: existing?.id };
  }
  const id = inserted[0].id;
  await recordTimeline(ctx.tx, {
    transactionId: id,
    kind: 'webhook',
    title: 'GoRoute document.received',
    webhookDeliveryId: ctx.deliveryRowId,
  });
  return { result: 'processed', effectKey: `${gorouteId}:document.received`, transactionId: id };
}
