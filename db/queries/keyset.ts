import { count, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Cursor } from '@/lib/pagination';
import { db, type Database } from '../client';

/** The exact text of a timestamptz column, for cursors (see lib/pagination). */
export const cursorText = (column: AnyColumn) => sql<string>`${column}::text`;

/**
 * Rows strictly after the cursor in (timestamp desc, id desc) order: a row comparison that the
 * (created_at desc, id desc) indexes serve directly, with no OFFSET.
 */
export function after(at: AnyColumn, id: AnyColumn, cursor: Cursor | null, idType: IdType): SQL | undefined {
  return compare(at, id, sql`<`, cursor, idType);
}

/**
 * The first page held where it was (`?top=`, set by the live list when rows changed in place while newer ones
 * arrived): rows at or before the cursor, so a refresh shows the same rows, updated, and none pushed in above them.
 */
export function upTo(at: AnyColumn, id: AnyColumn, cursor: Cursor | null, idType: IdType): SQL | undefined {
  return compare(at, id, sql`<=`, cursor, idType);
}

/** Rows newer than the cursor (the first row a page shows): what the live list counts as "new". */
export function newer(at: AnyColumn, id: AnyColumn, cursor: Cursor | null, idType: IdType): SQL | undefined {
  return compare(at, id, sql`>`, cursor, idType);
}

type IdType = 'uuid' | 'bigint';

function compare(at: AnyColumn, id: AnyColumn, op: SQL, cursor: Cursor | null, idType: IdType): SQL | undefined {
  // A cursor of the other list's id type (an edited link) would fail the cast: treat it as no cursor.
  if (!cursor || (idType === 'uuid') !== cursor.id.includes('-')) return undefined;
  return idType === 'uuid'
    ? sql`(${at}, ${id}) ${op} (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
    : sql`(${at}, ${id}) ${op} (${cursor.at}::timestamptz, ${cursor.id}::bigint)`;
}

/** "12 new", or "100+": counting stops there, so a count reads at most NEWER_CAP + 1 index entries. */
export const NEWER_CAP = 100;
export type NewerCount = { count: number; more: boolean };

/**
 * How many rows the query finds, up to NEWER_CAP (a LIMIT, no OFFSET, no full count). Give the query the list's own
 * order: PostgreSQL then reads the list's index from its newest row down to the cursor and stops at the limit.
 */
export async function countCapped(rows: PgSelect, database: Database = db): Promise<NewerCount> {
  const [row] = await database.select({ n: count() }).from(rows.limit(NEWER_CAP + 1).as('newer'));
  const n = row?.n ?? 0;
  return { count: Math.min(n, NEWER_CAP), more: n > NEWER_CAP };
}

/**
 * Newest first, in the indexes' own order. drizzle declares `.desc()` index columns as `DESC NULLS LAST`,
 * while a plain `desc()` in ORDER BY means `DESC NULLS FIRST`: PostgreSQL then cannot read the order off the
 * index (even for NOT NULL columns) and sorts the whole table instead of stopping after one page.
 */
export const newestFirst = (...columns: AnyColumn[]): SQL[] => columns.map((c) => sql`${c} desc nulls last`);

/** Oldest first along the same indexes, read backwards: the exact reverse of `newestFirst`. */
export const oldestFirst = (...columns: AnyColumn[]): SQL[] => columns.map((c) => sql`${c} asc nulls first`);
