import { bigint, index, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * The next free request slot per provider client, shared by every process that calls the provider:
 * two workers each throttling to the tier's limit on their own would together send twice the limit.
 */
export const rateLimitSlots = pgTable('rate_limit_slots', {
  key: text().primaryKey(),
  nextAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * Failed sign-in counters (per e-mail and client, per client) and their delays, in the layout rate-limiter-flexible's
 * PostgreSQL store expects (`expire` is epoch milliseconds). Kept in the database so every app instance counts the same
 * attempts.
 */
export const signInLimits = pgTable('sign_in_limits', {
  key: varchar({ length: 255 }).primaryKey(),
  points: integer().notNull().default(0),
  expire: bigint({ mode: 'number' }),
});

/**
 * One row per failed password sign-in: what the `sign_in_failures` alert counts and support reads. The counters
 * above expire; these are kept for the retention period (raw_payload_days) like other raw records.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: uuid().primaryKey().defaultRandom(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    email: varchar({ length: 254 }).notNull(),
    client: varchar({ length: 64 }).notNull(),
    // 'password' (wrong e-mail or password) or 'delayed' (refused before checking: too many recent failures)
    reason: varchar({ length: 32 }).notNull(),
  },
  // The alert's "failures in the last N minutes" and retention's delete by age.
  (t) => [index('sign_in_failures_at_idx').on(t.at)],
);
