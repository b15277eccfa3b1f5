import {
  and,
  asc,
  count,
  countDistinct,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  lt,
  ne,
  notInArray,
  sql,
} from 'drizzle-orm';
import { newestFirst } from '@/db/queries/keyset';
import { alerts, documents, signInFailures, transactions, webhookDeliveries, type Provider } from '@/db/schema';
import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import type { Database } from '@/db/client';
import { queues } from '@/lib/jobs/queues';
import { inTransaction, type Enqueue } from '@/db/transaction';
import { raiseAlert, resolveNoLongerHolding } from '@/lib/pipeline/alerts';
import { countHeldByCredits, creditsState } from '@/db/queries/credits';
import { CREDITS_ALERT_KEY } from '@/lib/rules/credits';
import { documentsPastWindow, sendSince, sendsPastWindow, type PendingGroup } from '@/lib/rules/pending';
import type { Executor } from '@/db/client';
import { pendingWindows } from '@/db/queries/windows';
import type { PendingWindows } from '@/lib/rules/pending-windows';
import { automaticResolution } from './resolution';
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
  const [pending, outcomes, rejections, lastExdata, lastGoroute, waitingDocs, waitingSends, signIns] =
    await Promise.all([
      pendingMeasure(db, w, now),
      sendOutcomes(db, ago(t.failure_rate_window_minutes)),
      db
        .select({ provider: webhookDeliveries.provider, result: webhookDeliveries.signatureResult, n: count() })
        .from(webhookDeliveries)
        .where(
          and(gte(webhookDeliveries.receivedAt, ago(60)), notInArray(webhookDeliveries.signatureResult, [...VERIFIED])),
        )
        .groupBy(webhookDeliveries.provider, webhookDeliveries.signatureResult),
      lastVerified(db, 'exdata'),
      lastVerified(db, 'goroute'),
      countCapped(
        db
          .select({ id: documents.id })
          .from(documents)
          .where(
            and(
              eq(documents.exdataStatus, 'pending'),
              eq(documents.pipelineState, 'extracting'),
              lt(documents.stateChangedAt, grace),
            ),
          )
          .limit(COUNT_CAP),
      ),
      countCapped(
        db
          .select({ id: transactions.id })
          .from(transactions)
          .where(
            and(
              inArray(transactions.status, ['pending', 'processing', 'sending']),
              isNotNull(transactions.gorouteTransactionId),
              lt(transactions.statusChangedAt, grace),
            ),
          )
          .limit(COUNT_CAP),
      ),
      signInBurstMeasure(db, ago(SIGN_IN_BURST_MINUTES)),
    ]);
  const signatureRejections: Measures['signatureRejections'] = {
    exdata: { count: 0, byResult: {} },
    goroute: { count: 0, byResult: {} },
  };
  for (const r of rejections) {
    signatureRejections[r.provider].count += r.n;
    signatureRejections[r.provider].byResult[r.result] = r.n;
  }
  return {
    now,
    pendingTooLong: pending,
    sendOutcomes: outcomes,
    signatureRejections,
    signInFailures: signIns,
    webhooks: {
      exdata: { lastVerifiedAt: lastExdata, waitingInFlight: waitingDocs },
      goroute: { lastVerifiedAt: lastGoroute, waitingInFlight: waitingSends },
    },
  };
}

/**
 * Items past their pending window per group: the definition of /documents?view=pending (lib/rules/pending.ts),
 * so the alert and the list agree. Each count stops at COUNT_CAP.
 */
async function pendingMeasure(db: Executor, w: PendingWindows, now: Date): Promise<Measures['pendingTooLong']> {
  const docs = (group: PendingGroup) =>
    db
      .select({ id: documents.id })
      .from(documents)
      .where(documentsPastWindow(w, now, [group]))
      .orderBy(asc(documents.stateChangedAt))
      .limit(COUNT_CAP);
  const [exdata, review, unsent, sends] = await Promise.all([
    docs('exdata'),
    docs('review'),
    docs('goroute'),
    db
      .select({ id: transactions.id })
      .from(transactions)
      .where(sendsPastWindow(w, now))
      .orderBy(asc(sendSince()))
      .limit(COUNT_CAP),
  ]);
  const ids = (rows: { id: string }[]) => rows.slice(0, SAMPLE).map((r) => r.id);
  return {
    exdata: { count: exdata.length, sample: ids(exdata) },
    goroute: { count: Math.min(COUNT_CAP, sends.length + unsent.length), sample: ids(sends), documents: ids(unsent) },
    review: { count: review.length, sample: ids(review) },
  };
}

/** Failed sign-ins since `since` (sign_in_failures_at_idx), at most COUNT_CAP of them looked at. */
async function signInBurstMeasure(db: Executor, since: Date): Promise<Measures['signInFailures']> {
  const recent = db
    .select({ email: signInFailures.email, client: signInFailures.client })
    .from(signInFailures)
    .where(gte(signInFailures.at, since))
    .orderBy(desc(signInFailures.at))
    .limit(COUNT_CAP)
    .as('recent');
  const [row] = await db
    .select({ count: count(), clients: countDistinct(recent.client), emails: countDistinct(recent.email) })
    .from(recent);
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

type CreditsHold = { paused: boolean; held: number };

/** The credits pause and how many documents it holds back (received, uploading, or blocked for credits). */
async function creditsHold(db: Executor): Promise<CreditsHold> {
  const { paused } = await creditsState(db);
  return { paused, held: await countHeldByCredits(db, paused, COUNT_CAP) };
}

/**
 * The credits alert is raised by the 402 itself and holds while uploads are paused or any document is held back
 * by credits (it resolves only once a person resumed uploads and nothing is held). One resolved by hand meanwhile
 * opens again and notifies; an open one is left as it is, as its occurrences count 402s, not minutes.
 */
async function keepCreditsAlertOpen(tx: Executor, c: CreditsHold, enqueue: Enqueue): Promise<boolean> {
  if (!c.paused && c.held === 0) return false;
  const [open] = await tx
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.rule, 'insufficient_credits'), ne(alerts.status, 'resolved')))
    .limit(1);
  if (open) return false;
  const raised = await raiseAlert(tx, {
    rule: 'insufficient_credits',
    severity: 'critical',
    dedupeKey: CREDITS_ALERT_KEY,
    title: c.paused
      ? 'exdata has no credits left: uploads are paused'
      : 'Documents blocked for exdata credits: resume uploads once credits are back',
    detail: {
      paused: c.paused,
      held: c.held,
      summary: `${c.held} document${c.held === 1 ? '' : 's'} held back by exdata credits`,
    },
  });
  if (raised.opened) await enqueue(queues.alertNotify, { alertId: raised.id });
  return raised.opened;
}

/**
 * The `alerts-evaluate` job (once a minute): measure, decide, then raise what holds — a persisting
 * condition bumps its one alert (occurrences = evaluations in which it held) — and resolve open or
 * acknowledged alerts of evaluated rules that no longer hold. A newly opened (or re-opened) alert
 * queues its notification in the same commit.
 */
export async function evaluateAlerts(
  deps: { db: Database; pool: Pool; boss: PgBoss },
  now = new Date(),
): Promise<string> {
  const [w, t] = await Promise.all([pendingWindows(deps.db), alertThresholds(deps.db)]);
  const measured = await measure(deps.db, w, t, now);
  const findings = decideAlerts(measured, t, w);
  const credits = await creditsHold(deps.db);
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    let opened = (await keepCreditsAlertOpen(tx, credits, enqueue)) ? 1 : 0;
    for (const f of findings) {
      const raised = await raiseAlert(tx, f);
      if (raised.opened) {
        opened++;
        await enqueue(queues.alertNotify, { alertId: raised.id });
      }
    }
    const resolved = await resolveNoLongerHolding(tx, {
      rules: EVALUATED_RULES,
      holding: findings.map((f) => f.dedupeKey),
      creditsPaused: credits.paused || credits.held > 0,
      now,
      explain: (a) => automaticResolution(a, measured, t, w),
    });
    return `${findings.length} holding, ${opened} opened, ${resolved} resolved`;
  });
}
