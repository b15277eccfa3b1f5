import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Cursor } from '@/lib/pagination';

/** The exact text of a timestamptz column, for cursors (see lib/pagination). */
export const cursorText = (column: AnyColumn) => sql<string>`${column}::text`;

/**
 * Rows strictly after the cursor in (timestamp desc, id desc) order: a row comparison that the
 * (created_at desc, id desc) indexes serve directly, with no OFFSET.
 */
export function after(at: AnyColumn, id: AnyColumn, cursor: Cursor | null, idType: 'uuid' | 'bigint'): SQL | undefined {
  // A cursor of the other list's id type (an edited link) would fail the cast: treat it as the first page.
  if (!cursor || (idType === 'uuid') !== cursor.id.includes('-')) return undefined;
  return idType === 'uuid'
    ? sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
    : sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)`;
}

/**
 * Newest first, in the indexes' own order. drizzle declares `.desc()` index columns as `DESC NULLS LAST`,
 * while a plain `desc()` in ORDER BY means `DESC NULLS FIRST`: PostgreSQL then cannot read the order off the
 * index (even for NOT NULL columns) and sorts the whole table instead of stopping after one page.
 */
export const newestFirst = (...columns: AnyColumn[]): SQL[] => columns.map((c) => sql`${c} desc nulls last`);

/** Oldest first along the same indexes, read backwards: the exact reverse of `newestFirst`. */
export const oldestFirst = (...columns: AnyColumn[]): SQL[] => columns.map((c) => sql`${c} asc nulls first`);
