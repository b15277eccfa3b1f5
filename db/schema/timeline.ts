import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timelineKindEnum } from './enums';
import { documents } from './documents';
import { transactions } from './transactions';
import { users } from './users';

/** One timeline across both providers for a document and its transactions. */
export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    documentId: uuid().references(() => documents.id, { onDelete: 'cascade' }),
    transactionId: uuid().references(() => transactions.id, { onDelete: 'cascade' }),
    kind: timelineKindEnum().notNull(),
    title: text().notNull(),
    fromState: text(),
    toState: text(),
    detail: jsonb(),
    actorId: uuid().references(() => users.id),
    apiCallId: bigint({ mode: 'number' }),
    webhookDeliveryId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('timeline_events_document_idx').on(t.documentId, t.createdAt),
    index('timeline_events_transaction_idx').on(t.transactionId, t.createdAt),
  ],
);
