import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { auditActionEnum } from './enums';
import { users } from './users';

/** Every human action, written in the same transaction as the change it records. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    actorId: uuid().references(() => users.id),
    // Kept as written so the row stays readable if the user is renamed or removed.
    actorEmail: text().notNull(),
    action: auditActionEnum().notNull(),
    targetType: text().notNull(),
    targetId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('audit_log_actor_created_idx').on(t.actorId, t.createdAt.desc(), t.id.desc()),
    // Audit view filtered by actor e-mail (case-insensitive), newest first; also gives the planner statistics on
    // lower(actor_email).
    index('audit_log_actor_email_created_idx').on(sql`lower(${t.actorEmail})`, t.createdAt.desc(), t.id.desc()),
    index('audit_log_action_created_idx').on(t.action, t.createdAt.desc(), t.id.desc()),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
  ],
);
