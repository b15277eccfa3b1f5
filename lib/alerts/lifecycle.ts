import { recordAudit } from '@/lib/pipeline/audit-trail';
import { and, eq, inArray } from 'drizzle-orm';
import type { ActionDeps } from '@/lib/actions';
import { alerts, type AlertStatus } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';

export type LifecycleResult = { ok: true } | { ok: false; error: string };

/**
 * "I am on it": an open alert becomes acknowledged by this person. Conditional on `status = 'open'`,
 * so of two people clicking at once exactly one wins and one audit row is written.
 */
export async function acknowledgeAlert(
  deps: Pick<ActionDeps, 'db'>,
  user: SessionUser,
  alertId: string,
): Promise<LifecycleResult> {
  assertCan(user, 'alerts:manage');
  return deps.db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(alerts)
      .set({ status: 'acknowledged', acknowledgedBy: user.id, acknowledgedAt: now })
      .where(and(eq(alerts.id, alertId), eq(alerts.status, 'open')))
      .returning({ title: alerts.title });
    if (!row) return { ok: false, error: 'Only an open alert can be acknowledged; someone may have just done it.' };
    await recordAudit(tx, {
      actor: user,
      action: 'alert.acknowledge',
      target: { type: 'alert', id: alertId },
      before: { status: 'open' },
      after: { status: 'acknowledged', acknowledgedAt: now.toISOString() },
      note: row.title,
    });
    return { ok: true };
  });
}

/**
 * A person closes an alert (open or acknowledged), and the alert keeps who did (`resolved_by`; the evaluator
 * leaves it empty and writes its figures into `resolution` instead). If its condition still holds, the next
 * evaluation opens a new one — resolving is a statement that the cause is gone, not a mute button.
 */
export async function resolveAlert(
  deps: Pick<ActionDeps, 'db'>,
  user: SessionUser,
  alertId: string,
): Promise<LifecycleResult> {
  assertCan(user, 'alerts:manage');
  return deps.db.transaction(async (tx) => {
    const [current] = await tx.select({ status: alerts.status }).from(alerts).where(eq(alerts.id, alertId));
    const unresolved: AlertStatus[] = ['open', 'acknowledged'];
    if (!current || !unresolved.includes(current.status))
      return { ok: false, error: 'This alert is already resolved.' };
    const now = new Date();
    // Conditional on the status just read: a concurrent acknowledge or resolve makes this update miss.
    const [row] = await tx
      .update(alerts)
      .set({ status: 'resolved', resolvedAt: now, resolvedBy: user.id, resolution: null })
      .where(and(eq(alerts.id, alertId), eq(alerts.status, current.status), inArray(alerts.status, unresolved)))
      .returning({ title: alerts.title });
    if (!row) return { ok: false, error: 'The alert changed while you looked at it; reload and try again.' };
    await recordAudit(tx, {
      actor: user,
      action: 'alert.resolve',
      target: { type: 'alert', id: alertId },
      before: { status: current.status },
      after: { status: 'resolved', resolvedAt: now.toISOString(), resolvedBy: user.email },
      note: row.title,
    });
    return { ok: true };
  });
}
