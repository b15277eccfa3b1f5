import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { alertRuleEnum, alertSeverityEnum, alertStatusEnum } from './enums';
import { users } from './users';

export const alerts = pgTable(
  'alerts',
  {
    id: uuid().primaryKey().defaultRandom(),
    rule: alertRuleEnum().notNull(),
    severity: alertSeverityEnum().notNull(),
    status: alertStatusEnum().notNull().default('open'),
    title: text().notNull(),
    detail: jsonb(),
    // Same condition ⇒ same key: a still-open alert is bumped, not raised again.
    dedupeKey: text().notNull(),
    occurrences: integer().notNull().default(1),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedBy: uuid().references(() => users.id),
    acknowledgedAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alerts_dedupe_unresolved_key').on(t.dedupeKey).where(sql`${t.status} <> 'resolved'`),
    index('alerts_status_seen_idx').on(t.status, t.lastSeenAt.desc()),
  ],
);
