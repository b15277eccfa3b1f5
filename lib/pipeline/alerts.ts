import { and, eq, inArray, ne, notInArray, or, sql } from 'drizzle-orm';
import { alerts, type AlertRule } from '@/db/schema';
import type { Executor } from '@/db/client';

export type RaisedAlert = {
  id: string;
  /** True when this call opened the alert (new, or again after it was resolved): notify. */ opened: boolean;
};

/**
 * Raises an alert, or bumps the open one with the same key: a condition that persists is one alert
 * with a count, not a flood. A bump takes the new title, severity and detail together, so the title never
 * speaks of an older state than the detail below it. Callers holding an `enqueue` notify when `opened`
 * (lib/alerts/notify.ts).
 */
export async function raiseAlert(
  db: Executor,
  a: {
    rule: AlertRule;
    severity: 'info' | 'warning' | 'critical';
    title: string;
    dedupeKey: string;
    detail?: Record<string, unknown>;
  },
): Promise<RaisedAlert> {
  const [row] = await db
    .insert(alerts)
    .values({ rule: a.rule, severity: a.severity, title: a.title, dedupeKey: a.dedupeKey, detail: a.detail ?? null })
    .onConflictDoUpdate({
      target: alerts.dedupeKey,
      targetWhere: sql`${alerts.status} <> 'resolved'`,
      set: {
        occurrences: sql`${alerts.occurrences} + 1`,
        lastSeenAt: sql`now()`,
        title: a.title,
        severity: a.severity,
        detail: a.detail ?? null,
      },
    })
    .returning({ id: alerts.id, occurrences: alerts.occurrences });
  // A bump always leaves occurrences ≥ 2; only a fresh insert returns 1.
  return { id: row!.id, opened: row!.occurrences === 1 };
}

export type Vanished = {
  /** Rules raised while they hold: an unresolved alert of one of them whose key is not in `holding` is over. */
  rules: readonly AlertRule[];
  holding: string[];
  /** Raised by the 402 itself; over once a person has resumed uploads (lib/operations/retry.ts). */
  creditsPaused: boolean;
  now: Date;
  /** Why, in words with the figures measured now (lib/alerts/resolution.ts), stored as `resolution`. */
  explain: (alert: { rule: AlertRule; dedupeKey: string }) => string;
};

/**
 * Resolves the alerts whose condition no longer holds, automatically (no `resolved_by`), each with why. Unresolved
 * alerts are few (one per dedupe key), so each is updated on its own, conditional on still being unresolved: a
 * person resolving it at the same moment keeps their resolution.
 */
export async function resolveNoLongerHolding(db: Executor, v: Vanished): Promise<number> {
  const over = await db
    .select({ id: alerts.id, rule: alerts.rule, dedupeKey: alerts.dedupeKey })
    .from(alerts)
    .where(
      and(
        ne(alerts.status, 'resolved'),
        or(
          and(
            inArray(alerts.rule, [...v.rules]),
            v.holding.length > 0 ? notInArray(alerts.dedupeKey, v.holding) : undefined,
          ),
          v.creditsPaused ? undefined : eq(alerts.rule, 'insufficient_credits'),
        ),
      ),
    );
  let resolved = 0;
  for (const a of over) {
    const done = await db
      .update(alerts)
      .set({ status: 'resolved', resolvedAt: v.now, resolvedBy: null, resolution: v.explain(a) })
      .where(and(eq(alerts.id, a.id), ne(alerts.status, 'resolved')))
      .returning({ id: alerts.id });
    resolved += done.length;
  }
  return resolved;
}
