import { and, eq, inArray, notInArray, or } from 'drizzle-orm';
import { db } from '../client';
import { apiCalls, documents, transactions, webhookDeliveries } from '../schema';

export type SearchHit = { kind: 'document' | 'transaction' | 'webhook'; id: string; label: string; matched: string };

/**
 * Finds items by any ID people paste: local source ID, exdata ID, GoRoute transaction ID, request ID,
 * delivery/event ID, idempotency key, invoice number or participant ID. Exact matches on indexed
 * columns only, so it stays fast at any size.
 */
export async function searchById(raw: string): Promise<SearchHit[]> {
  const q = raw.trim();
  if (q.length < 3 || q.length > 200) return [];
  const [docs, txns, hooks, calls] = await Promise.all([
    db
      .select({ id: documents.id, sourceId: documents.sourceId, invoiceNumber: documents.invoiceNumber })
      .from(documents)
      .where(or(eq(documents.sourceId, q), eq(documents.exdataDocumentId, q), eq(documents.invoiceNumber, q), eq(documents.lastRequestId, q), eq(documents.uploadIdempotencyKey, q)))
      .limit(20),
    db
      .select({ id: transactions.id, gorouteId: transactions.gorouteTransactionId, invoiceNumber: transactions.invoiceNumber, documentId: transactions.documentId })
      .from(transactions)
      .where(or(eq(transactions.gorouteTransactionId, q), eq(transactions.invoiceNumber, q), eq(transactions.sendIdempotencyKey, q), eq(transactions.lastRequestId, q), eq(transactions.receiverIdentifier, q), eq(transactions.senderIdentifier, q)))
      .limit(20),
    db
      .select({ id: webhookDeliveries.id, deliveryId: webhookDeliveries.deliveryId, eventType: webhookDeliveries.eventType })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.deliveryId, q),
          // Genuine deliveries through the unique (provider, delivery ID) index, rejected ones through their partial index.
          or(
            and(inArray(webhookDeliveries.provider, ['goroute', 'exdata']), inArray(webhookDeliveries.signatureResult, ['valid', 'valid_previous_secret'])),
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
  ]);
  const hits: SearchHit[] = [
    ...docs.map((d) => ({ kind: 'document' as const, id: d.id, label: `${d.sourceId}${d.invoiceNumber ? ` · ${d.invoiceNumber}` : ''}`, matched: q })),
    ...txns.map((t): SearchHit => (t.documentId ? { kind: 'document', id: t.documentId, label: `send ${t.gorouteId ?? t.invoiceNumber ?? t.id}`, matched: q } : { kind: 'transaction', id: t.id, label: t.gorouteId ?? t.invoiceNumber ?? t.id, matched: q })),
    ...hooks.map((h) => ({ kind: 'webhook' as const, id: h.id, label: `${h.eventType ?? 'webhook'} ${h.deliveryId}`, matched: q })),
    ...calls.flatMap((c): SearchHit[] => {
      if (c.documentId) return [{ kind: 'document', id: c.documentId, label: `API call ${q}`, matched: q }];
      return c.transactionId ? [{ kind: 'transaction', id: c.transactionId, label: `API call ${q}`, matched: q }] : [];
    }),
  ];
  const seen = new Set<string>();
  return hits.filter((h) => (seen.has(`${h.kind}:${h.id}`) ? false : (seen.add(`${h.kind}:${h.id}`), true)));
}

export const hrefOf = (hit: Pick<SearchHit, 'kind' | 'id'>) => (hit.kind === 'document' ? `/documents/${hit.id}` : hit.kind === 'transaction' ? `/transactions/${hit.id}` : `/webhooks/${hit.id}`);

