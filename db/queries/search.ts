import { and, eq, inArray, notInArray, or, type SQL } from 'drizzle-orm';
import { db } from '../client';
import { apiCalls, documents, transactions, webhookDeliveries } from '../schema';
import { normalizeParticipantId } from '@/lib/identifiers';

export type SearchHit = {
  kind: 'document' | 'transaction' | 'webhook' | 'participant';
  id: string;
  label: string;
  matched: string;
};

/**
 * Finds items by any ID people paste: local source ID, exdata ID, GoRoute transaction ID, request ID,
 * delivery/event ID, idempotency key, invoice number or participant ID. Exact matches on indexed
 * columns only, so it stays fast at any size.
 */
export async function searchById(raw: string): Promise<SearchHit[]> {
  const q = raw.trim();
  if (q.length < 3 || q.length > 200) return [];
  const participant = normalizeParticipantId(q);
  const [docs, txns, hooks, calls, exchanges] = await Promise.all([
    db
      .select({ id: documents.id, sourceId: documents.sourceId, invoiceNumber: documents.invoiceNumber })
      .from(documents)
      .where(
        or(
          eq(documents.sourceId, q),
          eq(documents.exdataDocumentId, q),
          eq(documents.invoiceNumber, q),
          eq(documents.lastRequestId, q),
          eq(documents.uploadIdempotencyKey, q),
        ),
      )
      .limit(20),
    db
      .select({
        id: transactions.id,
        gorouteId: transactions.gorouteTransactionId,
        invoiceNumber: transactions.invoiceNumber,
        documentId: transactions.documentId,
      })
      .from(transactions)
      .where(
        or(
          eq(transactions.gorouteTransactionId, q),
          eq(transactions.invoiceNumber, q),
          eq(transactions.sendIdempotencyKey, q),
          eq(transactions.lastRequestId, q),
        ),
      )
      .limit(20),
    db
      .select({
        id: webhookDeliveries.id,
        deliveryId: webhookDeliveries.deliveryId,
        eventType: webhookDeliveries.eventType,
      })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.deliveryId, q),
          // Genuine deliveries through the unique (provider, delivery ID) index, rejected ones through their partial
          // index.
          or(
            and(
              inArray(webhookDeliveries.provider, ['goroute', 'exdata']),
              inArray(webhookDeliveries.signatureResult, ['valid', 'valid_previous_secret']),
            ),
            notInArray(webhookDeliveries.signatureResult, ['valid', 'valid_previous_secret']),
          ),
        ),
      )
      .limit(20),
    db
      .select({ documentId: apiCalls.documentId, transactionId: apiCalls.transactionId })
      .from(apiCalls)
      .where(eq(apiCalls.requestId, q))
      .limit(5),
    participant ? hasExchanges(participant) : false,
  ]);
  const hits: SearchHit[] = [
    ...docs.map((d) => ({
      kind: 'document' as const,
      id: d.id,
      label: `${d.sourceId}${d.invoiceNumber ? ` · ${d.invoiceNumber}` : ''}`,
      matched: q,
    })),
    ...txns.map((t): SearchHit =>
      t.documentId
        ? { kind: 'document', id: t.documentId, label: `send ${t.gorouteId ?? t.invoiceNumber ?? t.id}`, matched: q }
        : { kind: 'transaction', id: t.id, label: t.gorouteId ?? t.invoiceNumber ?? t.id, matched: q },
    ),
    ...hooks.map((h) => ({
      kind: 'webhook' as const,
      id: h.id,
      label: `${h.eventType ?? 'webhook'} ${h.deliveryId}`,
      matched: q,
    })),
    ...calls.flatMap((c): SearchHit[] => {
      if (c.documentId) return [{ kind: 'document', id: c.documentId, label: `API call ${q}`, matched: q }];
      return c.transactionId ? [{ kind: 'transaction', id: c.transactionId, label: `API call ${q}`, matched: q }] : [];
    }),
  ];
  // A participant has many exchanges: the hit is the transactions list filtered to it, all of them, paged.
  if (participant && exchanges)
    hits.push({
      kind: 'participant',
      id: participant,
      label: `Every transaction sent or received by ${participant}`,
      matched: q,
    });
  const seen = new Set<string>();
  return hits.filter((h) => (seen.has(`${h.kind}:${h.id}`) ? false : (seen.add(`${h.kind}:${h.id}`), true)));
}

/** Whether a participant (normal form) sent or received anything: one probe of each side's (identifier, created_at) index. */
async function hasExchanges(participant: string): Promise<boolean> {
  const side = (match: SQL) => db.select({ id: transactions.id }).from(transactions).where(match).limit(1);
  const [sent, received] = await Promise.all([
    side(eq(transactions.senderIdentifier, participant)),
    side(eq(transactions.receiverIdentifier, participant)),
  ]);
  return sent.length + received.length > 0;
}
