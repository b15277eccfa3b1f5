import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { db, type Database } from '../client';
import { documents, vendors, type PipelineState } from '../schema';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, countCapped, cursorText, newer, newestFirst, upTo } from './keyset';

type DocumentConditions = { state?: PipelineState; vendor?: string; from?: Date; to?: Date };
/** The list's filters, a page (`cursor`), and where its first page is held (`top`, see keyset.upTo). */
export type DocumentFilter = DocumentConditions & { cursor: Cursor | null; top?: Cursor | null };

/** The filters of the documents list, as SQL: shared by the list and by its count of newer rows. */
function documentConditions(filter: DocumentConditions, database: Database) {
  return [
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
            .where(sql`lower(${vendors.name}) like ${`%${filter.vendor.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`}`),
        )
      : undefined,
    filter.from ? gte(documents.createdAt, filter.from) : undefined,
    filter.to ? lt(documents.createdAt, filter.to) : undefined,
  ];
}

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
        ...documentConditions(filter, database),
        filter.cursor
          ? after(documents.createdAt, documents.id, filter.cursor, 'uuid')
          : upTo(documents.createdAt, documents.id, filter.top ?? null, 'uuid'),
      ),
    )
    .orderBy(...newestFirst(documents.createdAt, documents.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}

/** Documents the list's first page would show above `since` (its first row), with the same filters; capped. */
export function countNewerDocuments(filter: DocumentConditions, since: Cursor | null, database: Database = db) {
  return countCapped(
    database
      .select({ id: documents.id })
      .from(documents)
      .where(and(...documentConditions(filter, database), newer(documents.createdAt, documents.id, since, 'uuid')))
      .orderBy(...newestFirst(documents.createdAt, documents.id))
      .$dynamic(),
    database,
  );
}
