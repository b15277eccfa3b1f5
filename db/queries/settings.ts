import { asc, desc } from 'drizzle-orm';
import { db } from '../client';
import { alerts, settings } from '../schema';

export function listSettings() {
  return db.select({ key: settings.key, value: settings.value, updatedAt: settings.updatedAt }).from(settings).orderBy(asc(settings.key));
}

export function listRecentAlerts() {
  return db
    .select({ id: alerts.id, rule: alerts.rule, severity: alerts.severity, status: alerts.status, title: alerts.title, lastSeenAt: alerts.lastSeenAt })
    .from(alerts)
    .orderBy(desc(alerts.lastSeenAt))
    .limit(20);
}
