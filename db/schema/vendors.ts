import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** What we last approved about a supplier: a changed IBAN or VAT ID on a new invoice is flagged for review. */
export const vendors = pgTable(
  'vendors',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    country: text().notNull(),
    vatId: text(),
    iban: text(),
    peppolId: text(),
    approvedAt: timestamp({ withTimezone: true }),
    approvedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Matching an extracted sender to a known vendor goes by VAT ID first, then Peppol ID.
    uniqueIndex('vendors_vat_id_key')
      .on(t.vatId)
      .where(sql`${t.vatId} is not null`),
    uniqueIndex('vendors_peppol_id_key')
      .on(t.peppolId)
      .where(sql`${t.peppolId} is not null`),
    // Vendor filter on the documents view.
    index('vendors_name_lower_idx').on(sql`lower(${t.name})`),
  ],
);
