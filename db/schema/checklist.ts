import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** An admin's word for a readiness item no data can prove (legal review, runbooks, DR test), with a note. */
export const checklistAttestations = pgTable('checklist_attestations', {
  itemId: text().primaryKey(),
  done: boolean().notNull(),
  note: text().notNull(),
  attestedBy: uuid()
    .notNull()
    .references(() => users.id),
  attestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
