import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { processingResultEnum, providerEnum, signatureResultEnum } from './enums';
import { documents } from './documents';
import { transactions } from './transactions';

/** Every webhook request we received, rejected ones included, stored before any downstream work. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: providerEnum().notNull(),
    // X-Delivery (exdata) or X-GoRoute-Event-ID (GoRoute); null when the request did not carry one.
    deliveryId: text(),
    eventType: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    headers: jsonb().notNull(),
    // Raw body exactly as signed; purged by retention, metadata kept.
    body: text(),
    // For a request that failed verification only a bounded prefix of its body is kept (anyone can post one);
    // these say what the whole body was, so support can still tell two such requests apart.
    bodySha256: text(),
    bodyBytes: integer(),
    signatureResult: signatureResultEnum().notNull(),
    timestampSkewSeconds: integer(),
    duplicateCount: integer().notNull().default(0),
    lastDuplicateAt: timestamp({ withTimezone: true }),
    processingResult: processingResultEnum().notNull().default('queued'),
    processingError: text(),
    processedAt: timestamp({ withTimezone: true }),
    // From the latest request to process it (receipt, or a person's reprocess) to processed_at.
    processingLatencyMs: integer(),
    // When a person last asked for this delivery to be processed again; the latency is measured from then.
    reprocessRequestedAt: timestamp({ withTimezone: true }),
    // (document, event, resulting status): exdata replays carry new delivery IDs, so automation dedupes on this too.
    effectKey: text(),
    documentId: uuid().references(() => documents.id),
    transactionId: uuid().references(() => transactions.id),
  },
  (t) => [
    // Idempotency: one accepted delivery per provider delivery ID. Rejected requests are kept but do not
    // occupy the ID, so a forged request cannot pre-empt the genuine delivery.
    uniqueIndex('webhook_deliveries_provider_delivery_key')
      .on(t.provider, t.deliveryId)
      .where(sql`${t.signatureResult} in ('valid', 'valid_previous_secret')`),
    // Automation runs once per effect (exdata replays arrive with new delivery IDs): a second delivery
    // claiming an effect already processed violates this index and is marked duplicate_effect.
    uniqueIndex('webhook_deliveries_effect_key')
      .on(t.provider, t.effectKey)
      .where(sql`${t.processingResult} = 'processed'`),
    // Webhooks list, newest first, keyset on (received_at, id); filtered by provider.
    index('webhook_deliveries_received_idx').on(t.receivedAt.desc(), t.id.desc()),
    index('webhook_deliveries_provider_received_idx').on(t.provider, t.receivedAt.desc(), t.id.desc()),
    // Webhooks list filtered by processing result. The results support looks for (failed, queued, unmatched,
    // rejected…) are rare, so they get their own keyset index; "processed" (nearly all rows) is read off the
    // received_at index. Partial, so the ingest path pays nothing for a delivery once it is processed.
    index('webhook_deliveries_result_received_idx')
      .on(t.processingResult, t.receivedAt.desc(), t.id.desc())
      .where(sql`${t.processingResult} <> 'processed'`),
    // Search by the delivery ID of a rejected request; genuine ones are found through the unique index above.
    index('webhook_deliveries_rejected_delivery_idx')
      .on(t.deliveryId)
      .where(sql`${t.signatureResult} not in ('valid', 'valid_previous_secret')`),
    index('webhook_deliveries_document_idx').on(t.documentId),
    index('webhook_deliveries_transaction_idx').on(t.transactionId),
  ],
);

/**
 * Redeliveries of stored deliveries, counted by the receiver without touching the stored row: updating that
 * row waited on the worker whenever it held the row's lock while applying it (measured: ~40 ms on the
 * receiver's p99 and ~10 % of its rate during a burst with 10 % redeliveries). The worker folds these into
 * `webhook_deliveries.duplicate_count` every few seconds (foldDuplicateCopies). No foreign key, so writing one
 * takes no lock on the delivery row either; copies of a delivery removed meanwhile are dropped by the fold.
 */
export const webhookDuplicateCopies = pgTable(
  'webhook_duplicate_copies',
  {
    deliveryRowId: uuid().notNull(),
    copies: integer().notNull(),
    lastAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('webhook_duplicate_copies_delivery_idx').on(t.deliveryRowId)],
);
