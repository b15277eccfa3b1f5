import { and, eq, sql } from 'drizzle-orm';
import { db } from '../client';
import { auditLog, type AuditAction } from '../schema';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, cursorText, newestFirst } from './keyset';

export type AuditFilter = {
  actor?: string;
  action?: AuditAction;
  targetType?: string;
  targetId?: string;
  cursor: Cursor | null;
};

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
        filter.actor ? eq(sql`lower(${auditLog.actorEmail})`, filter.actor.toLowerCase()) : undefined,
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.targetType ? eq(auditLog.targetType, filter.targetType) : undefined,
        filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
        after(auditLog.createdAt, auditLog.id, filter.cursor, 'bigint'),
      ),
    )
    .orderBy(...newestFirst(auditLog.createdAt, auditLog.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}
