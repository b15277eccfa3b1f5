import { asc, eq, inArray, or } from 'drizzle-orm';
import { db } from '../client';
import { apiCalls, documents, extractedFields, timelineEvents, transactions, users, vendors, webhookDeliveries } from '../schema';

/** Everything the document page shows: its IDs, fields, sends, and one timeline across both providers. */
export async function getDocumentDetail(id: string) {
  const [doc] = await db
    .select({ doc: documents, vendorName: vendors.name, blockedByName: users.name })
    .from(documents)
    .leftJoin(vendors, eq(vendors.id, documents.vendorId))
    .leftJoin(users, eq(users.id, documents.blockedBy))
    .where(eq(documents.id, id));
  if (!doc) return null;
  const [fields, sends] = await Promise.all([
    db.select().from(extractedFields).where(eq(extractedFields.documentId, id)).orderBy(asc(extractedFields.name)),
    db.select().from(transactions).where(eq(transactions.documentId, id)).orderBy(asc(transactions.createdAt)),
  ]);
  const txnIds = sends.map((t) => t.id);
  const scope = txnIds.length > 0 ? or(eq(timelineEvents.documentId, id), inArray(timelineEvents.transactionId, txnIds)) : eq(timelineEvents.documentId, id);
  const [timeline, calls, hooks] = await Promise.all([
    db
      .select({ event: timelineEvents, actor: users.name })
      .from(timelineEvents)
      .leftJoin(users, eq(users.id, timelineEvents.actorId))
      .where(scope)
      .orderBy(asc(timelineEvents.createdAt), asc(timelineEvents.id))
      .limit(500),
    db
      .select({ requestId: apiCalls.requestId, idempotencyKey: apiCalls.idempotencyKey })
      .from(apiCalls)
      .where(txnIds.length > 0 ? or(eq(apiCalls.documentId, id), inArray(apiCalls.transactionId, txnIds)) : eq(apiCalls.documentId, id)),
    db
      .select({ id: webhookDeliveries.id, deliveryId: webhookDeliveries.deliveryId, provider: webhookDeliveries.provider, eventType: webhookDeliveries.eventType })
      .from(webhookDeliveries)
      .where(txnIds.length > 0 ? or(eq(webhookDeliveries.documentId, id), inArray(webhookDeliveries.transactionId, txnIds)) : eq(webhookDeliveries.documentId, id)),
  ]);
  const requestIds = [...new Set(calls.map((c) => c.requestId).filter((r): r is string => Boolean(r)))];
  return { ...doc, fields, sends, timeline, requestIds, deliveries: hooks };
}
