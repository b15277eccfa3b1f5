import { and, eq, isNull, max } from 'drizzle-orm';
import { alertNotifications, alerts } from '@/db/schema';
import type { Executor } from '@/db/client';
import type { AlertMessage, Channel } from './channels';
import { alertThresholds } from './thresholds';

export type NotifyJob = { alertId: string };

/**
 * The `alert-notify` job: tells every configured channel about one alert, once. Each attempt is one
 * alert_notifications row (sent / failed with a short reason / suppressed). A failing channel never
 * throws: the job finishes, so pg-boss does not retry it into a loop and the other channels still go.
 */
export async function notifyAlert(
  deps: { db: Executor },
  channels: Channel[],
  job: NotifyJob,
  url: string,
  now = new Date(),
): Promise<string> {
  const { db } = deps;
  const [alert] = await db.select().from(alerts).where(eq(alerts.id, job.alertId));
  // Acknowledged or resolved before the job ran: someone already knows.
  if (!alert || alert.status !== 'open') return `skipped: ${alert?.status ?? 'no such alert'}`;
  const record = (rows: { channel: string; status: string; detail: string | null }[]) =>
    db.insert(alertNotifications).values(rows.map((r) => ({ ...r, alertId: alert.id, createdAt: now })));
  if (channels.length === 0) {
    await record([{ channel: 'none', status: 'skipped', detail: 'no notification channel is configured' }]);
    return 'skipped: no channel';
  }

  // Cool-down per condition (dedupe key), not per row: a condition that flaps open/resolved every minute
  // opens a new row each time and would otherwise page each time.
  const { notify_cooldown_minutes: cooldown } = await alertThresholds(db);
  const [last] = await db
    .select({ at: max(alerts.lastNotifiedAt) })
    .from(alerts)
    .where(eq(alerts.dedupeKey, alert.dedupeKey));
  if (last?.at && now.getTime() - last.at.getTime() < cooldown * 60_000) {
    const ago = Math.round((now.getTime() - last.at.getTime()) / 60_000);
    await record(
      channels.map((c) => ({
        channel: c.name,
        status: 'suppressed',
        detail: `notified ${ago} min ago; cool-down ${cooldown} min`,
      })),
    );
    return 'suppressed: cool-down';
  }
  // Claim the send (compare-and-set on last_notified_at) so two jobs for one alert cannot both send.
  const [claimed] = await db
    .update(alerts)
    .set({ lastNotifiedAt: now })
    .where(
      and(
        eq(alerts.id, alert.id),
        alert.lastNotifiedAt ? eq(alerts.lastNotifiedAt, alert.lastNotifiedAt) : isNull(alerts.lastNotifiedAt),
      ),
    )
    .returning({ id: alerts.id });
  if (!claimed) return 'skipped: another job is notifying';

  const message: AlertMessage = { ...alert, url };
  const results = await Promise.all(
    channels.map(async (c) => {
      try {
        await c.send(message);
        return { channel: c.name, status: 'sent', detail: null };
      } catch (error) {
        return { channel: c.name, status: 'failed', detail: shortReason(error) };
      }
    }),
  );
  await record(results);
  if (!results.some((r) => r.status === 'sent')) {
    // Nothing went out: give the claim back, so the next raise of this condition is not held by a cool-down.
    await db
      .update(alerts)
      .set({ lastNotifiedAt: alert.lastNotifiedAt })
      .where(and(eq(alerts.id, alert.id), eq(alerts.lastNotifiedAt, now)));
  }
  return results.map((r) => `${r.channel} ${r.status}${r.detail ? ` (${r.detail})` : ''}`).join(', ');
}

/** Channels throw ChannelError with a safe message; anything else is cut down to its name. */
function shortReason(error: unknown): string {
  if (error instanceof Error && error.name === 'ChannelError') return error.message.slice(0, 200);
  return error instanceof Error ? error.name : 'error';
}
