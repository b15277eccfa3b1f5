import { z } from 'zod';

export const PAGE_SIZE = 50;

/**
 * A keyset cursor: the sort timestamp and id of the last row on the page, opaque in URLs. The
 * timestamp is PostgreSQL's own text form (microseconds), because a JS Date would round it to
 * milliseconds and skip rows that share the millisecond.
 */
export type Cursor = { at: string; id: string };

/**
 * A timestamp PostgreSQL will accept: the shape alone let `2026-99-99 99:99:99+00` through, and the cast then
 * failed in the query (a 500 from an edited link). Every field is range-checked, the date against the calendar.
 */
function isTimestamp(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return (
    y >= 1 &&
    day.getUTCFullYear() === y &&
    day.getUTCMonth() === mo - 1 &&
    day.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    sec < 60
  );
}

const CursorShape = z.object({
  at: z.string().refine(isTimestamp),
  // The id columns are uuid or bigint; anything else would fail the cast in the query.
  id: z.string().regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{1,18})$/i),
});

export function encodeCursor(at: string, id: string | number): string {
  return Buffer.from(JSON.stringify({ at, id: String(id) })).toString('base64url');
}

/** A malformed cursor (edited link) is treated as "first page", never as an error. */
export function decodeCursor(value: string | string[] | undefined): Cursor | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  try {
    const parsed = CursorShape.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Splits a PAGE_SIZE + 1 fetch into the page and the cursor of the next one; `first` is the cursor of the page's
 * first row (the live list counts newer rows from it, and may hold the first page there: `?top=`).
 */
export function toPage<T>(rows: T[], key: (row: T) => { at: string; id: string | number }) {
  const items = rows.slice(0, PAGE_SIZE);
  const last = items[items.length - 1];
  const next = rows.length > PAGE_SIZE && last ? encodeCursor(key(last).at, key(last).id) : null;
  const first = items[0] ? encodeCursor(key(items[0]).at, key(items[0]).id) : null;
  return { items, next, first };
}
