import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { directionEnum, errorCategoryEnum, transactionStatusEnum } from './enums';
import { documents } from './documents';

/** One Peppol exchange through GoRoute: an outbound send of an approved document, or an inbound invoice. */
export const transactions = pgTable(
  'transactions',
  {
    id: uuid().primaryKey().defaultRandom(),
    gorouteTransactionId: text().unique('transactions_goroute_transaction_id_key'),
    documentId: uuid().references(() => documents.id),
    direction: directionEnum().notNull(),
    documentType: text().notNull().default('invoice'),
    invoiceNumber: text(),
    senderScheme: text(),
    senderIdentifier: text(),
    senderName: text(),
    receiverScheme: text(),
    receiverIdentifier: text(),
    receiverName: text(),
    receiverCountry: text(),
    status: transactionStatusEnum().notNull().default('queued'),
    // Stable for the whole attempt series of one send, so GoRoute answers a retry with the same transaction.
    sendIdempotencyKey: text().unique('transactions_send_idempotency_key_key'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }),
    // The send job holding this transaction while its GoRoute call is in flight (released when it ends):
    // two jobs for one transaction (a scheduled retry and a bulk retry) must not both send.
    sendClaim: uuid(),
    sendClaimedAt: timestamp({ withTimezone: true }),
    lastErrorCode: text(),
    lastErrorCategory: errorCategoryEnum(),
    lastErrorRetryable: boolean(),
    lastErrorMessage: text(),
    // GoRoute's details[]: {rule, location, message}.
    lastErrorDetails: jsonb(),
    lastRequestId: text(),
    deadLetteredAt: timestamp({ withTimezone: true }),
    messageId: text(),
    currency: text(),
    totalAmount: numeric({ precision: 18, scale: 2 }),
    taxAmount: numeric({ precision: 18, scale: 2 }),
    ublXml: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // Transactions list, newest first, keyset on (created_at, id).
    index('transactions_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('transactions_status_created_idx').on(t.status, t.createdAt.desc(), t.id.desc()),
    index('transactions_direction_created_idx').on(t.direction, t.createdAt.desc(), t.id.desc()),
    index('transactions_receiver_idx').on(t.receiverIdentifier, t.createdAt.desc()),
    index('transactions_sender_idx').on(t.senderIdentifier, t.createdAt.desc()),
    index('transactions_document_idx').on(t.documentId),
    index('transactions_invoice_number_idx').on(t.invoiceNumber),
    // Search by the request ID of a send's last attempt.
    index('transactions_last_request_id_idx').on(t.lastRequestId),
    // Failures view and the retry scheduler: failed sends by category, oldest first.
    index('transactions_failed_idx')
      .on(t.lastErrorCategory, t.statusChangedAt)
      .where(sql`${t.status} = 'failed'`),
    // Failures view without a category (oldest failure first, kind filters checked in the index) and the
    // failure counts (Failures summary, bulk-retry preview, checklist) as index-only scans: a few percent of the
    // rows, scattered over the whole table, would otherwise cost a heap page each.
    index('transactions_failed_changed_idx')
      .on(t.statusChangedAt, t.lastErrorCategory, t.lastErrorRetryable, t.deadLetteredAt)
      .where(sql`${t.status} = 'failed'`),
    // Failed sends not dead-lettered: the candidates of the bulk-retry count on every Failures page, its selection
    // and the "retryable" list (lib/rules/sends.ts, bulkRetryableSql, which keeps this WHERE literally so the
    // planner matches it; the category is the key, the document checks read the few candidates' rows). Few rows at
    // any time, while the failed index holds every dead letter too, so counting through it cost a heap page per
    // failed row (37–65 ms at 19,000 dead letters).
    index('transactions_retry_candidates_idx')
      .on(t.lastErrorCategory, t.lastErrorRetryable)
      .where(sql`${t.status} = 'failed' and ${t.deadLetteredAt} is null`),
    // Pending too long (lib/rules/pending.ts): queued sends by when they fell due, on the very expression it compares.
    index('transactions_queued_due_idx')
      .on(sql`coalesce(${t.nextAttemptAt}, ${t.statusChangedAt})`)
      .where(sql`${t.status} = 'queued'`),
    // Pending too long: retryable failures with a retry scheduled, by when it is due (overdue = its job is lost).
    index('transactions_retry_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'failed' and ${t.deadLetteredAt} is null and ${t.lastErrorRetryable} = true`),
    // Pending-too-long sweep over GoRoute's non-terminal states.
    index('transactions_in_flight_idx')
      .on(t.status, t.statusChangedAt)
      .where(sql`${t.status} in ('pending', 'processing', 'sending')`),
  ],
);
