import { sql } from 'drizzle-orm';
import { alerts, type AlertRule } from '@/db/schema';
import type { Executor } from './transition';

/**
 * Raises an alert, or bumps the open one with the same key: a condition that persists is one alert
 * with a count, not a flood.
 */
export async function raiseAlert(db: Executor, a: { rule: AlertRule; severity: 'info' | 'warning' | 'critical'; title: string; dedupeKey: string; detail?: Record<string, unknown> }) {
  await db
    .insert(alerts)
    .values({ rule: a.rule, severity: a.severity, title: a.title, dedupeKey: a.dedupeKey, detail: a.detail ?? null })
    .onConflictDoUpdate({
      target: alerts.dedupeKey,
      targetWhere: sql`${alerts.status} <> 'resolved'`,
      set: { occurrences: sql`${alerts.occurrences} + 1`, lastSeenAt: sql`now()`, detail: a.detail ?? null },
    });
}
