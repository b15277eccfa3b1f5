import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { db, type Database } from '../client';
import { documents, vendors, type PipelineState } from '../schema';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, cursorText, newestFirst } from './keyset';

export type DocumentFilter = { state?: PipelineState; vendor?: string; from?: Date; to?: Date; cursor: Cursor | null };

export async function listDocuments(filter: DocumentFilter, database: Database = db) {
  const rows = await database
    .select({
      id: documents.id,
      sourceId: documents.sourceId,
      exdataDocumentId: documents.exdataDocumentId,
      filename: documents.filename,
      pipelineState: documents.pipelineState,
      exdataStatus: documents.exdataStatus,
      vendorName: vendors.name,
      senderName: documents.senderName,
      invoiceNumber: documents.invoiceNumber,
      grossAmount: documents.grossAmount,
      currency: documents.currency,
      createdAt: documents.createdAt,
      stateChangedAt: documents.stateChangedAt,
      cursorAt: cursorText(documents.createdAt),
    })
    .from(documents)
    .leftJoin(vendors, eq(vendors.id, documents.vendorId))
    .where(
      and(
        filter.state ? eq(documents.pipelineState, filter.state) : undefined,
        // Vendors are few: match their names, then use (vendor_id, created_at) on documents. LIKE's wildcards in
        // the typed text are escaped (backslash is LIKE's default escape), not stripped: stripping turned `%` into
        // an empty pattern that matched every vendor.
        filter.vendor
          ? inArray(
              documents.vendorId,
              database
                .select({ id: vendors.id })
                .from(vendors)
                .where(
                  sql`lower(${vendors.name}) like ${`%${filter.vendor.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`}`,
                ),
            )
          : undefined,
        filter.from ? gte(documents.createdAt, filter.from) : undefined,
        filter.to ? lt(documents.createdAt, filter.to) : undefined,
        after(documents.createdAt, documents.id, filter.cursor, 'uuid'),
      ),
    )
    .orderBy(...newestFirst(documents.createdAt, documents.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}
