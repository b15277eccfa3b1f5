import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The next free request slot per provider client, shared by every process that calls the provider:
 * two workers each throttling to the tier's limit on their own would together send twice the limit.
 */
export const rateLimitSlots = pgTable('rate_limit_slots', {
  key: text().primaryKey(),
  nextAt: timestamp({ withTimezone: true }).notNull(),
});
