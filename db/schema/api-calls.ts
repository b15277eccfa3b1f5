import { bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { providerEnum } from './enums';
import { documents } from './documents';
import { transactions } from './transactions';

/** Every provider call, for audit and the timeline. Never holds a key or token. */
export const apiCalls = pgTable(
  'api_calls',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    provider: providerEnum().notNull(),
    operation: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    // Null when no response arrived (timeout, connection refused).
    httpStatus: integer(),
    durationMs: integer().notNull(),
    requestId: text(),
    idempotencyKey: text(),
    errorCode: text(),
    documentId: uuid().references(() => documents.id),
    transactionId: uuid().references(() => transactions.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('api_calls_document_idx').on(t.documentId, t.createdAt),
    index('api_calls_transaction_idx').on(t.transactionId, t.createdAt),
    index('api_calls_provider_created_idx').on(t.provider, t.createdAt.desc()),
    // Search by a provider's request ID.
    index('api_calls_request_id_idx').on(t.requestId),
  ],
);
