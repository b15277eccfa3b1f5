import { sql } from 'drizzle-orm';
import {
  bucketsOf,
  latencyTable,
  pivot,
  ranges,
  ranked,
  rate,
  rateSeries,
  total,
  type Range,
} from '@/db/queries/series';
import { countHeldByCredits, creditsState } from '@/db/queries/credits';
import { db, type Database } from '../client';
import { countPendingTooLong } from './pending';
import { apiHistograms, rollupSeries } from './rollups';

const inFlight = new Set(['pending', 'processing', 'sending']);
export const HELD_CAP = 500;
const rejected = new Set(['missing', 'invalid', 'stale']);
// States a document only reaches after exdata finished extracting it.
const pastExtraction = new Set(['in_review', 'approved', 'sending', 'send_failed', 'delivered', 'dead_letter']);

/**
 * An extraction ended when a document left `extracting` for review or approval, or was stored already past
 * it (imported or demo rows arrive in their final state, with no transitions to count).
 */
export function extractionOutcome(from: string, to: string): 'completed' | 'errors' | null {
  if (to === 'extraction_failed') return 'errors';
  if (from === 'extracting' && (to === 'in_review' || to === 'approved')) return 'completed';
  return from === '' && pastExtraction.has(to) ? 'completed' : null;
}

/** The credits pause as it is now, and how many documents it holds back (a few hundred counted at most). */
async function creditsNow(database: Database) {
  const { paused, since } = await creditsState(database);
  return { paused, since, held: await countHeldByCredits(database, paused, HELD_CAP) };
}

/**
 * Everything the go-live page charts, for one range. Time series come from metric_rollups only (a few
 * hundred rows whatever the raw tables hold); the "right now" figures are indexed counts.
 */
export async function getGoLive(range: Range, now = new Date(), database: Database = db) {
  const { step } = ranges[range];
  const buckets = bucketsOf(range, now);
  const since = new Date(buckets[0]!);
  const [sends, docs, hooks, dups, rules, credits, histograms, pending, current, uploads] = await Promise.all([
    // Only the rows and dims parts the charts below read (a week of hourly rows would otherwise be ~12,000 rows).
    rollupSeries(database, 'txn_status', since, step, 'outbound|%', [2, 3]),
    // extractionOutcome reads moves out of extracting, into extraction_failed, and inserts (from '').
    rollupSeries(database, 'doc_state', since, step, ['extracting|%', '|%', '%|extraction_failed|%'], [1, 2]),
    rollupSeries(database, 'webhook', since, step, undefined, [3]),
    rollupSeries(database, 'webhook_duplicate', since, step, undefined, []),
    rollupSeries(database, 'validation_error', since, step),
    rollupSeries(database, 'api_call', since, step, 'exdata|%|402', []),
    apiHistograms(database, since),
    countPendingTooLong(database),
    database.execute<{ in_review: string; open_alerts: string; credits_alert: string }>(sql`
      select (select count(*) from documents where pipeline_state = 'in_review') as in_review,
             (select count(*) from alerts where status <> 'resolved') as open_alerts,
             (select count(*) from alerts where status <> 'resolved' and rule = 'insufficient_credits') as credits_alert`),
    creditsNow(database),
  ]);

  const sendRows = pivot(sends, buckets, ['delivered', 'failed', 'in_flight', 'queued'], ([, status]) =>
    status && inFlight.has(status) ? 'in_flight' : (status ?? null),
  );
  const extractionRows = pivot(docs, buckets, ['completed', 'errors'], ([from, to]) =>
    extractionOutcome(from ?? '', to ?? ''),
  );
  const hookRows = pivot(hooks, buckets, ['verified', 'rejected'], ([, , signature]) =>
    signature && rejected.has(signature) ? 'rejected' : 'verified',
  );
  const dupRows = pivot(dups, buckets, ['duplicates'], () => 'duplicates');
  const webhookRows = hookRows.map((r, i) => ({ ...r, duplicates: dupRows[i]?.duplicates ?? 0 }));
  const creditRows = pivot(credits, buckets, ['credits'], () => 'credits');
  const failures = [
    ...ranked(sends, ([, status, category]) => (status === 'failed' ? category || 'unknown' : null)),
    ...ranked(docs, ([, to]) => (to === 'extraction_failed' ? 'extraction error' : null)),
  ].sort((a, b) => b.count - a.count);
  const c = current.rows[0]!;
  const [deliveryRates, extractionRates] = [
    rateSeries(sendRows, 'delivered', 'failed'),
    rateSeries(extractionRows, 'completed', 'errors'),
  ];

  return {
    range,
    step,
    kpis: {
      delivered: total(sendRows, 'delivered'),
      failedAttempts: total(sendRows, 'failed'),
      deliveryRate: rate(total(sendRows, 'delivered'), total(sendRows, 'failed')),
      extractionRate: rate(total(extractionRows, 'completed'), total(extractionRows, 'errors')),
      pendingTooLong: pending.exdata + pending.goroute + pending.review,
      pending,
      inReview: Number(c.in_review),
      openAlerts: Number(c.open_alerts),
      creditsEvents: total(creditRows, 'credits'),
      creditsAlertOpen: Number(c.credits_alert) > 0,
      // Whether uploads are paused is the pause itself (exdata_credits), never the alert: the alert outlives the
      // pause while documents are still held back, and the demo seed starts with an acknowledged one.
      uploads,
      webhooksVerified: total(webhookRows, 'verified'),
      webhooksRejected: total(webhookRows, 'rejected'),
      webhookDuplicates: total(webhookRows, 'duplicates'),
    },
    sends: sendRows,
    rates: deliveryRates.map((r, i) => ({ t: r.t, delivery: r.rate, extraction: extractionRates[i]?.rate ?? null })),
    webhooks: webhookRows,
    credits: creditRows,
    failures,
    validationRules: ranked(rules, ([rule]) => rule ?? null),
    latency: latencyTable(histograms),
  };
}

export type GoLive = Awaited<ReturnType<typeof getGoLive>>;
