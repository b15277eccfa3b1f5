import { and, asc, count, countDistinct, desc, eq, gte, inArray, isNotNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import { newestFirst } from '@/db/queries/keyset';
import { alerts, documents, signInFailures, transactions, webhookDeliveries, type Provider } from '@/db/schema';
import type { JobDeps } from '@/lib/jobs/deps';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/lib/jobs/transaction';
import { raiseAlert } from '@/lib/pipeline/alerts';
import { creditsExhausted } from '@/lib/pipeline/credits';
import type { Executor } from '@/lib/pipeline/transition';
import { pendingWindows, type PendingWindows } from '@/lib/pipeline/windows';
import { decideAlerts, EVALUATED_RULES, IN_FLIGHT_GRACE_MINUTES, SIGN_IN_BURST_MINUTES, type Measures } from './rules';
import { alertThresholds, type AlertThresholds } from './thresholds';

// Counting stops here: "1000 stuck" and "25,000 stuck" ask for the same reaction, and the scan stays bounded.
const COUNT_CAP = 1000;
const SAMPLE = 10;
const VERIFIED = ['valid', 'valid_previous_secret'] as const;

/**
 * Everything the rules need, measured over raw rows and bounded by time through existing indexes
 * (the hourly rollups are too coarse for a 15-minute window).
 */
export async function measure(db: Executor, w: PendingWindows, t: AlertThresholds, now: Date): Promise<Measures> {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const grace = ago(IN_FLIGHT_GRACE_MINUTES);
  const [stuckDocs, stuckSends, outcomes, rejections, lastExdata, lastGoroute, waitingDocs, waitingSends, signIns] = await Promise.all([
    // Same definition as /documents?view=pending (db/queries/pending.ts), so the alert and the list agree.
    db.select({ id: documents.id }).from(documents)
      .where(and(eq(documents.exdataStatus, 'pending'), lt(documents.stateChangedAt, ago(w.exdata_pending_minutes))))
      .orderBy(asc(documents.stateChangedAt)).limit(COUNT_CAP),
    db.select({ id: transactions.id }).from(transactions)
      .where(or(
        and(eq(transactions.status, 'pending'), lt(transactions.statusChangedAt, ago(w.goroute_pending_minutes))),
        and(eq(transactions.status, 'processing'), lt(transactions.statusChangedAt, ago(w.goroute_processing_minutes))),
        and(eq(transactions.status, 'sending'), lt(transactions.statusChangedAt, ago(w.goroute_sending_minutes))),
      ))
      .orderBy(asc(transactions.statusChangedAt)).limit(COUNT_CAP),
    sendOutcomes(db, ago(t.failure_rate_window_minutes)),
    db.select({ provider: webhookDeliveries.provider, result: webhookDeliveries.signatureResult, n: count() }).from(webhookDeliveries)
      .where(and(gte(webhookDeliveries.receivedAt, ago(60)), notInArray(webhookDeliveries.signatureResult, [...VERIFIED])))
      .groupBy(webhookDeliveries.provider, webhookDeliveries.signatureResult),
    lastVerified(db, 'exdata'),
    lastVerified(db, 'goroute'),
    countCapped(db.select({ id: documents.id }).from(documents)
      .where(and(eq(documents.exdataStatus, 'pending'), eq(documents.pipelineState, 'extracting'), lt(documents.stateChangedAt, grace))).limit(COUNT_CAP)),
    countCapped(db.select({ id: transactions.id }).from(transactions)
      .where(and(inArray(transactions.status, ['pending', 'processing', 'sending']), isNotNull(transactions.gorouteTransactionId), lt(transactions.statusChangedAt, grace))).limit(COUNT_CAP)),
    signInBurstMeasure(db, ago(SIGN_IN_BURST_MINUTES)),
  ]);
  const signatureRejections: Measures['signatureRejections'] = { exdata: { count: 0, byResult: {} }, goroute: { count: 0, byResult: {} } };
  for (const r of rejections) {
    signatureRejections[r.provider].count += r.n;
    signatureRejections[r.provider].byResult[r.result] = r.n;
  }
  return {
    now,
    pendingTooLong: {
      exdata: { count: stuckDocs.length, sample: stuckDocs.slice(0, SAMPLE).map((d) => d.id) },
      goroute: { count: stuckSends.length, sample: stuckSends.slice(0, SAMPLE).map((s) => s.id) },
    },
    sendOutcomes: outcomes,
    signatureRejections,
    signInFailures: signIns,
    webhooks: { exdata: { lastVerifiedAt: lastExdata, waitingInFlight: waitingDocs }, goroute: { lastVerifiedAt: lastGoroute, waitingInFlight: waitingSends } },
  };
}

/** Failed sign-ins since `since` (sign_in_failures_at_idx), at most COUNT_CAP of them looked at. */
async function signInBurstMeasure(db: Executor, since: Date): Promise<Measures['signInFailures']> {
  const recent = db.select({ email: signInFailures.email, client: signInFailures.client }).from(signInFailures)
    .where(gte(signInFailures.at, since)).orderBy(desc(signInFailures.at)).limit(COUNT_CAP).as('recent');
  const [row] = await db.select({ count: count(), clients: countDistinct(recent.client), emails: countDistinct(recent.email) }).from(recent);
  return { count: row?.count ?? 0, clients: row?.clients ?? 0, emails: row?.emails ?? 0 };
}

async function countCapped(query: PromiseLike<unknown[]>) {
  return (await query).length;
}

/**
 * Outbound sends whose latest outcome (delivered / failed) falls in the window; a send failing again
 * counts once, as failed. Failed rows come through the partial failed-sends index; delivered ones through
 * (status, created_at), bounded to sends created in the last day — retries give up within hours, so a
 * send delivered now was created since; leaving out an older one can only make the rate look worse.
 */
async function sendOutcomes(db: Executor, since: Date) {
  const createdSince = new Date(since.getTime() - 24 * 3_600_000);
  const { rows } = await db.execute<{ failed: number; delivered: number }>(sql`
    select
      (select count(*)::int from ${transactions} where ${transactions.status} = 'failed' and ${transactions.direction} = 'outbound' and ${transactions.statusChangedAt} >= ${since}) as failed,
      (select count(*)::int from ${transactions} where ${transactions.status} = 'delivered' and ${transactions.direction} = 'outbound'
         and ${transactions.createdAt} >= ${createdSince} and ${transactions.statusChangedAt} >= ${since}) as delivered`);
  const row = rows[0];
  const failed = row?.failed ?? 0;
  return { failed, total: failed + (row?.delivered ?? 0) };
}

/** Newest genuine delivery: a backward scan of (provider, received_at) that stops at the first verified row. */
async function lastVerified(db: Executor, provider: Provider): Promise<Date | null> {
  const [row] = await db
    .select({ at: webhookDeliveries.receivedAt })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.provider, provider), inArray(webhookDeliveries.signatureResult, [...VERIFIED])))
    // In the index's own order (DESC NULLS LAST): a plain desc() made PostgreSQL sort every verified delivery of
    // the provider instead — over half a second of two cores each minute at a million deliveries.
    .orderBy(...newestFirst(webhookDeliveries.receivedAt))
    .limit(1);
  return row?.at ?? null;
}

/**
 * The `alerts-evaluate` job (once a minute): measure, decide, then raise what holds — a persisting
 * condition bumps its one alert (occurrences = evaluations in which it held) — and resolve open or
 * acknowledged alerts of evaluated rules that no longer hold. A newly opened (or re-opened) alert
 * queues its notification in the same commit.
 */
export async function evaluateAlerts(deps: Pick<JobDeps, 'db' | 'pool' | 'boss'>, now = new Date()): Promise<string> {
  const [w, t] = await Promise.all([pendingWindows(deps.db), alertThresholds(deps.db)]);
  const findings = decideAlerts(await measure(deps.db, w, t, now), t, w);
  const paused = await creditsExhausted(deps.db);
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    let opened = 0;
    for (const f of findings) {
      const raised = await raiseAlert(tx, f);
      if (raised.opened) {
        opened++;
        await enqueue(queues.alertNotify, { alertId: raised.id });
      }
    }
    const holding = findings.map((f) => f.dedupeKey);
    const resolved = await tx
      .update(alerts)
      .set({ status: 'resolved', resolvedAt: now })
      .where(
        and(
          ne(alerts.status, 'resolved'),
          or(
            and(inArray(alerts.rule, [...EVALUATED_RULES]), holding.length > 0 ? notInArray(alerts.dedupeKey, holding) : undefined),
            // Raised by the 402 itself; over once a person has resumed uploads (lib/operations/retry.ts).
            paused ? undefined : eq(alerts.rule, 'insufficient_credits'),
          ),
        ),
      )
      .returning({ id: alerts.id });
    return `${findings.length} holding, ${opened} opened, ${resolved.length} resolved`;
  });
}
