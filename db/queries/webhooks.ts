import { and, eq } from 'drizzle-orm';
import { db } from '../client';
import { webhookDeliveries, type ProcessingResult, type Provider } from '../schema';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, cursorText, newestFirst } from './keyset';

export async function listWebhookDeliveries(filter: {
  provider?: Provider;
  result?: ProcessingResult;
  cursor: Cursor | null;
}) {
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      provider: webhookDeliveries.provider,
      deliveryId: webhookDeliveries.deliveryId,
      eventType: webhookDeliveries.eventType,
      signatureResult: webhookDeliveries.signatureResult,
      timestampSkewSeconds: webhookDeliveries.timestampSkewSeconds,
      duplicateCount: webhookDeliveries.duplicateCount,
      processingResult: webhookDeliveries.processingResult,
      processingLatencyMs: webhookDeliveries.processingLatencyMs,
      reprocessRequestedAt: webhookDeliveries.reprocessRequestedAt,
      receivedAt: webhookDeliveries.receivedAt,
      cursorAt: cursorText(webhookDeliveries.receivedAt),
    })
    .from(webhookDeliveries)
    .where(
      and(
        filter.provider ? eq(webhookDeliveries.provider, filter.provider) : undefined,
        filter.result ? eq(webhookDeliveries.processingResult, filter.result) : undefined,
        after(webhookDeliveries.receivedAt, webhookDeliveries.id, filter.cursor, 'uuid'),
      ),
    )
    .orderBy(...newestFirst(webhookDeliveries.receivedAt, webhookDeliveries.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}
