import { eq, sql } from 'drizzle-orm';
import { db } from '../client';
import { foldedTimeline } from './document-detail';
import { timelineEvents, transactions, webhookDeliveries, webhookDuplicateCopies } from '../schema';

export async function getTransactionDetail(id: string) {
  const [txn] = await db.select().from(transactions).where(eq(transactions.id, id));
  if (!txn) return null;
  // Repeated identical API calls (a long poll) fold into one line before the line limit, as on the document page.
  const timeline = await foldedTimeline(db, eq(timelineEvents.transactionId, id));
  return { txn, timeline };
}

/** The delivery, its duplicate count including redeliveries counted since the worker last folded them in. */
export async function getWebhookDelivery(id: string) {
  const [[row], [pending]] = await Promise.all([
    db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)),
    db
      .select({ n: sql<number>`coalesce(sum(${webhookDuplicateCopies.copies}), 0)::int` })
      .from(webhookDuplicateCopies)
      .where(eq(webhookDuplicateCopies.deliveryRowId, id)),
  ]);
  return row ? { ...row, duplicateCount: row.duplicateCount + (pending?.n ?? 0) } : null;
}
