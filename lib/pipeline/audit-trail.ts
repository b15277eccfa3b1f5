import { auditLog, timelineEvents } from '@/db/schema';
import type { AuditAction } from '@/db/schema/enums';
import type { Executor } from '@/db/client';

/** Who acted, as the session has them; the e-mail is kept on the row so it stays readable if the user goes. */
type Actor = { id: string; email: string };

export type AuditEntry = {
  actor: Actor;
  action: AuditAction;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  note?: string | null;
};

/**
 * The audit row of a person's action. Pass the transaction that makes the change: the row and the change
 * commit together or not at all, so the log never claims what did not happen, nor misses what did.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actor.id,
    actorEmail: entry.actor.email,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    before: entry.before ?? null,
    after: entry.after ?? null,
    note: entry.note ?? null,
  });
}

export type TimelineEntry = Omit<typeof timelineEvents.$inferInsert, 'id' | 'createdAt'>;

/** One or more events on a document's (or a send's) timeline, in the caller's transaction; an empty list writes nothing. */
export async function recordTimeline(db: Executor, entries: TimelineEntry | readonly TimelineEntry[]): Promise<void> {
  const rows = Array.isArray(entries) ? entries : [entries as TimelineEntry];
  if (rows.length === 0) return;
  await db.insert(timelineEvents).values([...rows]);
}
