import { and, eq } from 'drizzle-orm';
import { db } from '../client';
import { webhookDeliveries, type ProcessingResult, type Provider } from '../schema';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, countCapped, cursorText, newer, newestFirst, upTo } from './keyset';

type WebhookConditions = { provider?: Provider; result?: ProcessingResult };

/** The list's filters as SQL: shared by the list and by its count of newer rows. */
const webhookConditions = (filter: WebhookConditions) => [
  filter.provider ? eq(webhookDeliveries.provider, filter.provider) : undefined,
  filter.result ? eq(webhookDeliveries.processingResult, filter.result) : undefined,
];

/** Deliveries newest first; `top` holds the first page where it was (see keyset.upTo). */
export async function listWebhookDeliveries(
  filter: WebhookConditions & { cursor: Cursor | null; top?: Cursor | null },
) {
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
        ...webhookConditions(filter),
        filter.cursor
          ? after(webhookDeliveries.receivedAt, webhookDeliveries.id, filter.cursor, 'uuid')
          : upTo(webhookDeliveries.receivedAt, webhookDeliveries.id, filter.top ?? null, 'uuid'),
      ),
    )
    .orderBy(...newestFirst(webhookDeliveries.receivedAt, webhookDeliveries.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}

/** Deliveries the list's first page would show above `since` (its first row), with the same filters; capped. */
export function countNewerWebhookDeliveries(filter: WebhookConditions, since: Cursor | null) {
  return countCapped(
    db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(...webhookConditions(filter), newer(webhookDeliveries.receivedAt, webhookDeliveries.id, since, 'uuid')),
      )
      .orderBy(...newestFirst(webhookDeliveries.receivedAt, webhookDeliveries.id))
      .$dynamic(),
  );
}
