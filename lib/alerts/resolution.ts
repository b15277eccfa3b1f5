// Why the evaluator resolved an alert, in words and with the figures it measured then (pure, like rules.ts).
// An alert's detail keeps the figures of the last evaluation in which its condition held — "13.3 %" against a
// 10 % threshold — so a resolved alert says, beside them, what the condition looks like now.
import type { AlertRule, Provider } from '@/db/schema/enums';
import type { PendingWindows } from '@/lib/rules/pending-windows';
import { IN_FLIGHT_GRACE_MINUTES, MIN_SEND_OUTCOMES, SIGN_IN_BURST_MINUTES, type Measures } from './rules';
import type { AlertThresholds } from './thresholds';

const providerName: Record<Provider, string> = { goroute: 'GoRoute', exdata: 'exdata' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const pendingNoun: Record<string, [string, string]> = {
  exdata: ['exdata document', 'exdata documents'],
  goroute: ['GoRoute send', 'GoRoute sends'],
  review: ['document waiting for review', 'documents waiting for review'],
};
const isProvider = (p: string | undefined): p is Provider => p === 'goroute' || p === 'exdata';

/** What the resolving evaluation measured for this alert's condition, as the sentence stored in `alerts.resolution`. */
export function automaticResolution(
  alert: { rule: AlertRule; dedupeKey: string },
  m: Measures,
  t: AlertThresholds,
  w: PendingWindows,
): string {
  return `the condition no longer holds: ${figuresNow(alert, m, t, w)}`;
}

function figuresNow(
  { rule, dedupeKey }: { rule: AlertRule; dedupeKey: string },
  m: Measures,
  t: AlertThresholds,
  w: PendingWindows,
): string {
  const provider = dedupeKey.split(':')[1];
  switch (rule) {
    case 'pending_too_long': {
      // One alert per group of the pending view (exdata, GoRoute, review): its count now, normally 0.
      const group =
        provider === undefined ? undefined : (m.pendingTooLong as Partial<Record<string, { count: number }>>)[provider];
      if (provider === undefined || !group) break;
      const [one, many] = pendingNoun[provider] ?? ['item', 'items'];
      return `${group.count} ${group.count === 1 ? one : many} past ${provider === 'exdata' ? `the ${w.exdata_pending_minutes}-min window` : 'their windows'}`;
    }
    case 'failure_rate':
      return failureRateNow(m, t);
    case 'signature_failures': {
      if (!isProvider(provider)) break;
      const n = m.signatureRejections[provider].count;
      return `${plural(n, `${providerName[provider]} webhook request`)} rejected in the last hour, below ${t.signature_failures_per_hour}`;
    }
    case 'webhook_silence': {
      if (!isProvider(provider)) break;
      const { lastVerifiedAt, waitingInFlight } = m.webhooks[provider];
      if (waitingInFlight === 0 || !lastVerifiedAt)
        return `nothing has waited on ${providerName[provider]} for ${IN_FLIGHT_GRACE_MINUTES} min or more`;
      const minutes = Math.floor((m.now.getTime() - lastVerifiedAt.getTime()) / 60_000);
      return `last verified ${providerName[provider]} webhook ${minutes} min ago, within ${t.webhook_silence_minutes} min`;
    }
    case 'sign_in_failures':
      return `${plural(m.signInFailures.count, 'failed password sign-in')} in the last ${SIGN_IN_BURST_MINUTES} min, below ${t.sign_in_failures_per_15_minutes}`;
    case 'insufficient_credits':
      return 'uploads were resumed: a person confirmed exdata credits are back';
    case 'dead_letter':
      break;
  }
  // A key this version does not know (an older rule's), or a rule no longer evaluated: no figure to give.
  return 'its rule no longer reports it';
}

function failureRateNow(m: Measures, t: AlertThresholds): string {
  const { failed, total } = m.sendOutcomes;
  const sends = `${failed} of ${plural(total, 'send')} in the last ${t.failure_rate_window_minutes} min`;
  if (total < MIN_SEND_OUTCOMES) return `${sends}: fewer than the ${MIN_SEND_OUTCOMES} outcomes a rate needs`;
  return `failure rate ${((failed / total) * 100).toFixed(1)} % (${sends}), at or below the ${t.failure_rate_percent} % threshold`;
}
