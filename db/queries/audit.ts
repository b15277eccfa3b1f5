import { desc } from 'drizzle-orm';
import { db } from '../client';
import { auditLog } from '../schema';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { after, cursorText } from './keyset';

export async function listAuditLog(filter: { cursor: Cursor | null }) {
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
    .where(after(auditLog.createdAt, auditLog.id, filter.cursor, 'bigint'))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
}
