import { and, eq, sql } from 'drizzle-orm';
import { db } from '../client';
import { auditLog, type AuditAction } from '../schema';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, countCapped, cursorText, newer, newestFirst, upTo } from './keyset';

type AuditConditions = { actor?: string; action?: AuditAction; targetType?: string; targetId?: string };
/** The list's filters, a page (`cursor`), and where its first page is held (`top`, see keyset.upTo). */
export type AuditFilter = AuditConditions & { cursor: Cursor | null; top?: Cursor | null };

/** The list's filters as SQL: shared by the list and by its count of newer rows. */
const auditConditions = (filter: AuditConditions) => [
  filter.actor ? eq(sql`lower(${auditLog.actorEmail})`, filter.actor.toLowerCase()) : undefined,
  filter.action ? eq(auditLog.action, filter.action) : undefined,
  filter.targetType ? eq(auditLog.targetType, filter.targetType) : undefined,
  filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
];

export async function listAuditLog(filter: AuditFilter) {
  const rows = await db
    .select({
      id: auditLog.id,
      actorEmail: auditLog.actorEmail,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
      createdAt: auditLog.createdAt,
      cursorAt: cursorText(auditLog.createdAt),
    })
    .from(auditLog)
    .where(
      and(
        ...auditConditions(filter),
        filter.cursor
          ? after(auditLog.createdAt, auditLog.id, filter.cursor, 'bigint')
          : upTo(auditLog.createdAt, auditLog.id, filter.top ?? null, 'bigint'),
      ),
    )
    .orderBy(...newestFirst(auditLog.createdAt, auditLog.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}

/** Audit rows the list's first page would show above `since` (its first row), with the same filters; capped. */
export function countNewerAuditRows(filter: AuditConditions, since: Cursor | null) {
  return countCapped(
    db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(...auditConditions(filter), newer(auditLog.createdAt, auditLog.id, since, 'bigint')))
      .orderBy(...newestFirst(auditLog.createdAt, auditLog.id))
      .$dynamic(),
  );
}
