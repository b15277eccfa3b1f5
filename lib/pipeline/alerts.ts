import { sql } from 'drizzle-orm';
import { alerts, type AlertRule } from '@/db/schema';
import type { Executor } from './transition';

export type RaisedAlert = { id: string; /** True when this call opened the alert (new, or again after it was resolved): notify. */ opened: boolean };

/**
 * Raises an alert, or bumps the open one with the same key: a condition that persists is one alert
 * with a count, not a flood. Callers holding an `enqueue` notify when `opened` (lib/alerts/notify.ts).
 */
export async function raiseAlert(db: Executor, a: { rule: AlertRule; severity: 'info' | 'warning' | 'critical'; title: string; dedupeKey: string; detail?: Record<string, unknown> }): Promise<RaisedAlert> {
  const [row] = await db
    .insert(alerts)
    .values({ rule: a.rule, severity: a.severity, title: a.title, dedupeKey: a.dedupeKey, detail: a.detail ?? null })
    .onConflictDoUpdate({
      target: alerts.dedupeKey,
      targetWhere: sql`${alerts.status} <> 'resolved'`,
      set: { occurrences: sql`${alerts.occurrences} + 1`, lastSeenAt: sql`now()`, detail: a.detail ?? null },
    })
    .returning({ id: alerts.id, occurrences: alerts.occurrences });
  // A bump always leaves occurrences ≥ 2; only a fresh insert returns 1.
  return { id: row!.id, opened: row!.occurrences === 1 };
}
