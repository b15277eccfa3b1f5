import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    // Who resolved it: a person, or null when the evaluator did because the condition stopped holding.
    resolvedBy: uuid().references(() => users.id),
    // Why it was resolved, with the figures measured then ("failure rate 4.0 % … at or below 10 %"): the detail
    // keeps the figures of the last evaluation in which the condition held, which alone would read as still failing.
    resolution: text(),
    // Cool-down: a still-open alert notifies again only after the configured quiet period.
    lastNotifiedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alerts_dedupe_unresolved_key')
      .on(t.dedupeKey)
      .where(sql`${t.status} <> 'resolved'`),
    index('alerts_status_seen_idx').on(t.status, t.lastSeenAt.desc()),
  ],
);

/** Every notification attempt for an alert, per channel: what went out, what failed, what was held back. */
export const alertNotifications = pgTable(
  'alert_notifications',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    alertId: uuid()
      .notNull()
      .references(() => alerts.id),
    channel: text().notNull(),
    status: text().notNull(),
    detail: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('alert_notifications_alert_idx').on(t.alertId, t.createdAt.desc()),
    index('alert_notifications_created_idx').on(t.createdAt.desc()),
  ],
);
