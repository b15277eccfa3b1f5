import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Cursor } from '@/lib/pagination';

/** The exact text of a timestamptz column, for cursors (see lib/pagination). */
export const cursorText = (column: AnyColumn) => sql<string>`${column}::text`;

/**
 * Rows strictly after the cursor in (timestamp desc, id desc) order: a row comparison that the
 * (created_at desc, id desc) indexes serve directly, with no OFFSET.
 */
export function after(at: AnyColumn, id: AnyColumn, cursor: Cursor | null, idType: 'uuid' | 'bigint'): SQL | undefined {
  if (!cursor) return undefined;
  return idType === 'uuid'
    ? sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
    : sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)`;
}
