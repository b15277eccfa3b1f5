import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { db } from '../client';
import { alertNotifications, alerts, users, type AlertStatus } from '../schema';
import { after, countCapped, cursorText, newer, newestFirst } from './keyset';

const resolver = alias(users, 'resolver');

/** Alerts in the given statuses, most recently seen first (keyset on last_seen_at, id; the status index serves it). */
export async function listAlerts(filter: { statuses: AlertStatus[]; cursor: Cursor | null }) {
  const rows = await db
    .select({
      id: alerts.id,
      rule: alerts.rule,
      severity: alerts.severity,
      status: alerts.status,
      title: alerts.title,
      detail: alerts.detail,
      occurrences: alerts.occurrences,
      firstSeenAt: alerts.firstSeenAt,
      lastSeenAt: alerts.lastSeenAt,
      acknowledgedAt: alerts.acknowledgedAt,
      acknowledgedBy: users.email,
      resolvedAt: alerts.resolvedAt,
      resolvedBy: resolver.email,
      resolution: alerts.resolution,
      cursorAt: cursorText(alerts.lastSeenAt),
    })
    .from(alerts)
    .leftJoin(users, eq(users.id, alerts.acknowledgedBy))
    .leftJoin(resolver, eq(resolver.id, alerts.resolvedBy))
    .where(and(inArray(alerts.status, filter.statuses), after(alerts.lastSeenAt, alerts.id, filter.cursor, 'uuid')))
    .orderBy(...newestFirst(alerts.lastSeenAt, alerts.id))
    .limit(PAGE_SIZE + 1);
  const page = toPage(rows, (r) => ({ at: r.cursorAt, id: r.id }));
  return { ...page, notifications: await latestNotificationPerChannel(page.items.map((a) => a.id)) };
}

/**
 * Alerts the list's first page would show above `since` (its first row): raised, or seen again, since; capped. The
 * list is ordered by when an alert was last seen, which every evaluation in which its condition holds moves on.
 */
export function countNewerAlerts(filter: { statuses: AlertStatus[] }, since: Cursor | null) {
  return countCapped(
    db
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(inArray(alerts.status, filter.statuses), newer(alerts.lastSeenAt, alerts.id, since, 'uuid')))
      .orderBy(...newestFirst(alerts.lastSeenAt, alerts.id))
      .$dynamic(),
  );
}

/** For each alert on the page, the latest attempt per channel. */
async function latestNotificationPerChannel(alertIds: string[]) {
  if (alertIds.length === 0) return new Map<string, { channel: string; status: string; detail: string | null }[]>();
  const rows = await db
    .selectDistinctOn([alertNotifications.alertId, alertNotifications.channel], {
      alertId: alertNotifications.alertId,
      channel: alertNotifications.channel,
      status: alertNotifications.status,
      detail: alertNotifications.detail,
    })
    .from(alertNotifications)
    .where(inArray(alertNotifications.alertId, alertIds))
    .orderBy(alertNotifications.alertId, alertNotifications.channel, desc(alertNotifications.createdAt));
  const byAlert = new Map<string, { channel: string; status: string; detail: string | null }[]>();
  for (const r of rows) byAlert.set(r.alertId, [...(byAlert.get(r.alertId) ?? []), r]);
  return byAlert;
}

/** The last notification attempts across all alerts, for the channels box. */
export function listRecentNotifications(limit = 10) {
  return db
    .select({
      id: alertNotifications.id,
      channel: alertNotifications.channel,
      status: alertNotifications.status,
      detail: alertNotifications.detail,
      createdAt: alertNotifications.createdAt,
      alertTitle: alerts.title,
      rule: alerts.rule,
    })
    .from(alertNotifications)
    .innerJoin(alerts, eq(alerts.id, alertNotifications.alertId))
    .orderBy(...newestFirst(alertNotifications.createdAt, alertNotifications.id))
    .limit(limit);
}

/** Open and acknowledged counts for the page header (few rows: unresolved alerts are bounded by their dedupe keys). */
export async function countUnresolvedAlerts() {
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${alerts.status} = 'open')::int`,
      acknowledged: sql<number>`count(*) filter (where ${alerts.status} = 'acknowledged')::int`,
    })
    .from(alerts)
    .where(inArray(alerts.status, ['open', 'acknowledged']));
  return row ?? { open: 0, acknowledged: 0 };
}
