import { z } from 'zod';

export const PAGE_SIZE = 50;

/**
 * A keyset cursor: the sort timestamp and id of the last row on the page, opaque in URLs. The
 * timestamp is PostgreSQL's own text form (microseconds), because a JS Date would round it to
 * milliseconds and skip rows that share the millisecond.
 */
export type Cursor = { at: string; id: string };

const CursorShape = z.object({
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)$/),
  id: z.string().regex(/^[\w-]{1,64}$/),
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

/** Splits a PAGE_SIZE + 1 fetch into the page and the cursor of the next one. */
export function toPage<T>(rows: T[], key: (row: T) => { at: string; id: string | number }) {
  const items = rows.slice(0, PAGE_SIZE);
  const last = items[items.length - 1];
  const next = rows.length > PAGE_SIZE && last ? encodeCursor(key(last).at, key(last).id) : null;
  return { items, next };
}
