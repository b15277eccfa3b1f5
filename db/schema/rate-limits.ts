import { bigint, integer, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * The next free request slot per provider client, shared by every process that calls the provider:
 * two workers each throttling to the tier's limit on their own would together send twice the limit.
 */
export const rateLimitSlots = pgTable('rate_limit_slots', {
  key: text().primaryKey(),
  nextAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * Failed sign-ins per e-mail, in the layout rate-limiter-flexible's PostgreSQL store expects
 * (`expire` is epoch milliseconds). Kept in the database so every app instance counts the same attempts.
 */
export const signInLimits = pgTable('sign_in_limits', {
  key: varchar({ length: 255 }).primaryKey(),
  points: integer().notNull().default(0),
  expire: bigint({ mode: 'number' }),
});
