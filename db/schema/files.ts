import { customType, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { documents } from './documents';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * The uploaded file itself. PostgreSQL is the only store, so the worker that uploads to exdata can
 * run on any machine; large objects stay out of the documents table that every list scans.
 */
export const documentFiles = pgTable('document_files', {
  documentId: uuid()
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  contentType: text().notNull(),
  sha256: text().notNull(),
  size: integer().notNull(),
  content: bytea().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
