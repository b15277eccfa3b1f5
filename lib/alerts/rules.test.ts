import { describe, expect, it } from 'vitest';
import { PendingWindows } from '@/lib/rules/pending-windows';
import {
  decideAlerts,
  failureRate,
  MIN_SEND_OUTCOMES,
  pendingTooLong,
  signatureFailures,
  signInBurst,
  webhookSilence,
  type Measures,
} from './rules';
import { AlertThresholds } from './thresholds';

const now = new Date('2026-11-02T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const t = AlertThresholds.parse({});
const w = PendingWindows.parse({});

/** A quiet, healthy system; each test changes one figure. */
function measures(change: Partial<Measures> = {}): Measures {
  return {
    now,
    pendingTooLong: {
      exdata: { count: 0, sample: [] },
      goroute: { count: 0, sample: [] },
      review: { count: 0, sample: [] },
    },
    sendOutcomes: { failed: 0, total: 40 },
    signatureRejections: { exdata: { count: 0, byResult: {} }, goroute: { count: 0, byResult: {} } },
    signInFailures: { count: 2, clients: 1, emails: 1 },
    webhooks: {
      exdata: { lastVerifiedAt: minutesAgo(1), waitingInFlight: 3 },
      goroute: { lastVerifiedAt: minutesAgo(2), waitingInFlight: 0 },
    },
    ...change,
  };
}

describe('alert rules', () => {
  it('raises nothing for a healthy system, with the documented defaults', () => {
    expect(t).toEqual({
      failure_rate_percent: 10,
      failure_rate_window_minutes: 15,
      signature_failures_per_hour: 5,
      webhook_silence_minutes: 60,
      sign_in_failures_per_15_minutes: 20,
      notify_cooldown_minutes: 30,
    });
    expect(decideAlerts(measures(), t, w)).toEqual([]);
  });

  it('raises one sign-in alert for a burst of failed sign-ins, from the threshold on, with a title that does not carry the count', () => {
    const burst = (count: number) => signInBurst(measures({ signInFailures: { count, clients: 7, emails: 12 } }), t);
    expect(burst(19)).toEqual([]);
    const [found] = burst(20);
    expect(found).toMatchObject({
      rule: 'sign_in_failures',
      dedupeKey: 'sign_in_failures',
      title: 'Burst of failed password sign-ins (≥ 20 in 15 min)',
    });
    expect(found!.detail.summary).toBe('20 failed sign-ins in the last 15 min, from 7 clients, for 12 e-mails');
    expect(burst(500)[0]!.title).toBe(found!.title);
  });

  it('raises pending_too_long per provider with its own key', () => {
    const none = { count: 0, sample: [] };
    const found = pendingTooLong(
      measures({ pendingTooLong: { exdata: { count: 2, sample: ['d1', 'd2'] }, goroute: none, review: none } }),
      w,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'pending_too_long',
      dedupeKey: 'pending_too_long:exdata',
      detail: { count: 2, document_ids: ['d1', 'd2'] },
    });
    const both = pendingTooLong(
      measures({
        pendingTooLong: { exdata: { count: 1, sample: [] }, goroute: { count: 1, sample: [] }, review: none },
      }),
      w,
    );
    expect(both.map((f) => f.dedupeKey)).toEqual(['pending_too_long:exdata', 'pending_too_long:goroute']);
  });

  it('raises reviews left waiting past the review window as their own pending_too_long, and names sends and unsent documents', () => {
    const none = { count: 0, sample: [] };
    const [review] = pendingTooLong(
      measures({ pendingTooLong: { exdata: none, goroute: none, review: { count: 3, sample: ['r1'] } } }),
      w,
    );
    expect(review).toMatchObject({
      dedupeKey: 'pending_too_long:review',
      title: 'Documents waiting for finance review longer than 24 h',
      detail: { count: 3, document_ids: ['r1'], window_minutes: 1440 },
    });
    const [sends] = pendingTooLong(
      measures({
        pendingTooLong: { exdata: none, goroute: { count: 2, sample: ['t1'], documents: ['d9'] }, review: none },
      }),
      w,
    );
    expect(sends).toMatchObject({
      dedupeKey: 'pending_too_long:goroute',
      detail: {
        count: 2,
        transaction_ids: ['t1'],
        document_ids: ['d9'],
        windows_minutes: { approved: 10, queued: 10, retry: 10 },
      },
    });
  });

  it('pages on a failure rate strictly above the threshold, and only with enough outcomes', () => {
    const rate = (failed: number, total: number) => failureRate(measures({ sendOutcomes: { failed, total } }), t);
    expect(rate(1, 10)).toEqual([]); // exactly 10 %: not above
    expect(rate(2, 10)[0]).toMatchObject({
      rule: 'failure_rate',
      severity: 'critical',
      dedupeKey: 'failure_rate:goroute:send',
      detail: { failure_rate_percent: 20 },
    });
    expect(rate(1, 2)).toEqual([]); // 50 %, but two sends are no rate
    expect(rate(MIN_SEND_OUTCOMES - 1, MIN_SEND_OUTCOMES - 1)).toEqual([]);
    expect(rate(MIN_SEND_OUTCOMES, MIN_SEND_OUTCOMES)).toHaveLength(1);
    expect(
      failureRate(measures({ sendOutcomes: { failed: 3, total: 10 } }), { ...t, failure_rate_percent: 50 }),
    ).toEqual([]);
  });

  it('raises signature_failures at the threshold per provider', () => {
    const rejected = (goroute: number, exdata: number) =>
      signatureFailures(
        measures({
          signatureRejections: {
            goroute: { count: goroute, byResult: { invalid: goroute } },
            exdata: { count: exdata, byResult: { stale: exdata } },
          },
        }),
        t,
      );
    expect(rejected(4, 0)).toEqual([]);
    expect(rejected(5, 0).map((f) => f.dedupeKey)).toEqual(['signature_failures:goroute']);
    expect(rejected(0, 9)[0]).toMatchObject({
      dedupeKey: 'signature_failures:exdata',
      detail: { count_last_hour: 9, results: { stale: 9 } },
    });
  });

  it('raises webhook_silence only when a provider is silent AND has work waiting', () => {
    const silence = (lastVerifiedAt: Date | null, waitingInFlight: number) =>
      webhookSilence(
        measures({
          webhooks: {
            goroute: { lastVerifiedAt, waitingInFlight },
            exdata: { lastVerifiedAt: minutesAgo(1), waitingInFlight: 0 },
          },
        }),
        t,
      );
    expect(silence(minutesAgo(59), 4)).toEqual([]);
    expect(silence(minutesAgo(61), 0)).toEqual([]); // quiet night, nothing in flight
    expect(silence(minutesAgo(61), 4)[0]).toMatchObject({
      rule: 'webhook_silence',
      dedupeKey: 'webhook_silence:goroute',
      detail: { waiting_in_flight: 4 },
    });
    expect(silence(null, 1)[0]?.detail.summary).toContain('no verified webhook yet');
  });

  it('returns every rule that holds at once', () => {
    const m = measures({
      sendOutcomes: { failed: 5, total: 5 },
      webhooks: {
        goroute: { lastVerifiedAt: null, waitingInFlight: 1 },
        exdata: { lastVerifiedAt: null, waitingInFlight: 0 },
      },
    });
    expect(decideAlerts(m, t, w).map((f) => f.rule)).toEqual(['failure_rate', 'webhook_silence']);
  });
});
