import { asc, eq } from 'drizzle-orm';
import { db } from '../client';
import { timelineEvents, transactions, users, webhookDeliveries } from '../schema';

export async function getTransactionDetail(id: string) {
  const [txn] = await db.select().from(transactions).where(eq(transactions.id, id));
  if (!txn) return null;
  const timeline = await db
    .select({ event: timelineEvents, actor: users.name })
    .from(timelineEvents)
    .leftJoin(users, eq(users.id, timelineEvents.actorId))
    .where(eq(timelineEvents.transactionId, id))
    .orderBy(asc(timelineEvents.createdAt), asc(timelineEvents.id))
    .limit(500);
  return { txn, timeline };
}

export async function getWebhookDelivery(id: string) {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row ?? null;
}
