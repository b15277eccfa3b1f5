// Which alerts should be open, decided from measured figures only (no database, no clock): the
// evaluator (evaluate.ts) measures, these functions decide, so every threshold edge is unit-tested.
import type { AlertRule, Provider } from '@/db/schema/enums';
import type { PendingGroup } from '@/lib/rules/pending';
import type { PendingWindows } from '@/lib/rules/pending-windows';
import type { AlertThresholds } from './thresholds';

/** Rules the minute job owns: it raises them while they hold and resolves them once they stop. */
export const EVALUATED_RULES = [
  'pending_too_long',
  'failure_rate',
  'signature_failures',
  'webhook_silence',
  'sign_in_failures',
] as const satisfies readonly AlertRule[];

/** The window the failed-sign-in burst is counted over (threshold: sign_in_failures_per_15_minutes). */
export const SIGN_IN_BURST_MINUTES = 15;

/** Fewer outcomes than this in the window never page: one failure out of two sends is noise, not a rate. */
export const MIN_SEND_OUTCOMES = 5;

/**
 * An in-flight item counts towards webhook silence once it has waited this long: a provider answers
 * within seconds, so a send made a moment ago after a quiet night must not page by itself.
 */
export const IN_FLIGHT_GRACE_MINUTES = 5;

export type Measures = {
  now: Date;
  /**
   * Items past their pending window (what /documents?view=pending shows, lib/rules/pending.ts), per group, with a
   * few IDs as examples: documents for exdata and review; transactions for GoRoute, plus approved documents no send
   * was queued for (`documents`).
   */
  pendingTooLong: Record<PendingGroup, { count: number; sample: string[]; documents?: string[] }>;
  /** Outbound sends that reached an outcome (delivered or failed) within the failure-rate window. */
  sendOutcomes: { failed: number; total: number };
  /** Webhook requests rejected (missing / invalid / stale signature) in the last hour. */
  signatureRejections: Record<Provider, { count: number; byResult: Record<string, number> }>;
  /** Failed password sign-ins in the last SIGN_IN_BURST_MINUTES: how many, from how many clients, for how many e-mails. */
  signInFailures: { count: number; clients: number; emails: number };
  /** Last genuine (verified) webhook, and in-flight items that have waited IN_FLIGHT_GRACE_MINUTES or more. */
  webhooks: Record<Provider, { lastVerifiedAt: Date | null; waitingInFlight: number }>;
};

export type Finding = {
  rule: AlertRule;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  /** Same condition ⇒ same key, so a condition that persists stays one alert. */
  dedupeKey: string;
  detail: Record<string, unknown> & { summary: string };
};

const providerName: Record<Provider, string> = { goroute: 'GoRoute', exdata: 'exdata' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const span = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

export function pendingTooLong(m: Measures, windows: PendingWindows): Finding[] {
  const out: Finding[] = [];
  const docs = m.pendingTooLong.exdata;
  if (docs.count > 0) {
    const w = {
      received: windows.received_minutes,
      uploading: windows.uploading_minutes,
      extracting: windows.exdata_pending_minutes,
    };
    out.push({
      rule: 'pending_too_long',
      severity: 'warning',
      dedupeKey: 'pending_too_long:exdata',
      title: `exdata documents pending longer than ${windows.exdata_pending_minutes} min (or not uploaded in time)`,
      detail: {
        provider: 'exdata',
        window_minutes: windows.exdata_pending_minutes,
        windows_minutes: w,
        count: docs.count,
        document_ids: docs.sample,
        summary: `${plural(docs.count, 'document')} past the window`,
      },
    });
  }
  const sends = m.pendingTooLong.goroute;
  if (sends.count > 0) {
    const w = {
      approved: windows.approved_minutes,
      queued: windows.queued_minutes,
      pending: windows.goroute_pending_minutes,
      processing: windows.goroute_processing_minutes,
      sending: windows.goroute_sending_minutes,
      retry: windows.send_retry_minutes,
    };
    out.push({
      rule: 'pending_too_long',
      severity: 'warning',
      dedupeKey: 'pending_too_long:goroute',
      title: 'GoRoute sends stuck: queued, pending, processing, sending or retry overdue',
      detail: {
        provider: 'goroute',
        windows_minutes: w,
        count: sends.count,
        transaction_ids: sends.sample,
        document_ids: sends.documents ?? [],
        summary: `${plural(sends.count, 'send')} past the window`,
      },
    });
  }
  const reviews = m.pendingTooLong.review;
  if (reviews.count > 0) {
    out.push({
      // A person's queue, not a provider's: the alert says finance has documents waiting longer than the window.
      rule: 'pending_too_long',
      severity: 'warning',
      dedupeKey: 'pending_too_long:review',
      title: `Documents waiting for finance review longer than ${span(windows.review_minutes)}`,
      detail: {
        window_minutes: windows.review_minutes,
        count: reviews.count,
        document_ids: reviews.sample,
        summary: `${plural(reviews.count, 'document')} waiting for review past the window`,
      },
    });
  }
  return out;
}

export function failureRate(m: Measures, t: AlertThresholds): Finding[] {
  const { failed, total } = m.sendOutcomes;
  if (total < MIN_SEND_OUTCOMES) return [];
  const percent = (failed / total) * 100;
  if (percent <= t.failure_rate_percent) return [];
  const rounded = Math.round(percent * 10) / 10;
  return [
    {
      rule: 'failure_rate',
      severity: 'critical',
      dedupeKey: 'failure_rate:goroute:send',
      title: `GoRoute send failure rate above ${t.failure_rate_percent} %`,
      detail: {
        provider: 'goroute',
        operation: 'send',
        window_minutes: t.failure_rate_window_minutes,
        threshold_percent: t.failure_rate_percent,
        failed,
        total,
        failure_rate_percent: rounded,
        summary: `${failed} of ${total} sends failed in ${t.failure_rate_window_minutes} min (${rounded} %)`,
      },
    },
  ];
}

export function signatureFailures(m: Measures, t: AlertThresholds): Finding[] {
  return (Object.keys(m.signatureRejections) as Provider[])
    .filter((p) => m.signatureRejections[p].count >= t.signature_failures_per_hour)
    .map((p) => {
      const r = m.signatureRejections[p];
      return {
        rule: 'signature_failures',
        severity: 'warning',
        dedupeKey: `signature_failures:${p}`,
        title: `${providerName[p]} webhooks rejected for their signature (≥ ${t.signature_failures_per_hour} an hour)`,
        detail: {
          provider: p,
          threshold_per_hour: t.signature_failures_per_hour,
          count_last_hour: r.count,
          results: r.byResult,
          summary: `${plural(r.count, 'rejected request')} in the last hour`,
        },
      } satisfies Finding;
    });
}

export function webhookSilence(m: Measures, t: AlertThresholds): Finding[] {
  return (Object.keys(m.webhooks) as Provider[]).flatMap((p) => {
    const { lastVerifiedAt, waitingInFlight } = m.webhooks[p];
    // Never heard from at all counts as silent for ever: a wrong webhook URL from day one is exactly this.
    const silentMinutes = lastVerifiedAt ? (m.now.getTime() - lastVerifiedAt.getTime()) / 60_000 : Infinity;
    if (silentMinutes < t.webhook_silence_minutes || waitingInFlight === 0) return [];
    const finding: Finding = {
      rule: 'webhook_silence',
      severity: 'warning',
      dedupeKey: `webhook_silence:${p}`,
      title: `No verified ${providerName[p]} webhook for ${t.webhook_silence_minutes} min while work is in flight`,
      detail: {
        provider: p,
        silence_minutes: t.webhook_silence_minutes,
        last_verified_at: lastVerifiedAt?.toISOString() ?? null,
        waiting_in_flight: waitingInFlight,
        summary: `${lastVerifiedAt ? `last verified webhook ${Math.floor(silentMinutes)} min ago` : 'no verified webhook yet'}; ${plural(waitingInFlight, 'item')} waiting`,
      },
    };
    return [finding];
  });
}

/**
 * Many failed password sign-ins at once: someone guessing, from one client or many (each client alone is slowed
 * by lib/auth/sign-in-limit.ts, so a burst that still gets through is spread out, which is worth a look).
 */
export function signInBurst(m: Measures, t: AlertThresholds): Finding[] {
  const f = m.signInFailures;
  if (f.count < t.sign_in_failures_per_15_minutes) return [];
  return [
    {
      rule: 'sign_in_failures',
      severity: 'warning',
      dedupeKey: 'sign_in_failures',
      title: `Burst of failed password sign-ins (≥ ${t.sign_in_failures_per_15_minutes} in ${SIGN_IN_BURST_MINUTES} min)`,
      detail: {
        threshold: t.sign_in_failures_per_15_minutes,
        window_minutes: SIGN_IN_BURST_MINUTES,
        count: f.count,
        clients: f.clients,
        emails: f.emails,
        summary: `${plural(f.count, 'failed sign-in')} in the last ${SIGN_IN_BURST_MINUTES} min, from ${plural(f.clients, 'client')}, for ${plural(f.emails, 'e-mail')}`,
      },
    },
  ];
}

/** Every evaluated rule that holds now. */
export function decideAlerts(m: Measures, t: AlertThresholds, windows: PendingWindows): Finding[] {
  return [
    ...pendingTooLong(m, windows),
    ...failureRate(m, t),
    ...signatureFailures(m, t),
    ...webhookSilence(m, t),
    ...signInBurst(m, t),
  ];
}
