// What happens to each of the ~150 demo documents: its final pipeline state, the path that led there, and
// when it started. The counts give a realistic mix (most delivered) and every failure the console must show.
import type { PipelineState } from '@/db/schema';
import type { ReviewIssue } from './fields';
import type { Rng } from '@/demo/world/prng';
import { DAY, HOUR, MINUTE, type SeedContext } from './story';

const SECOND = 1000;

export type SyncFailure = 'rate_limit' | 'server' | 'timeout' | 'not_found' | 'invalid_key' | 'ip_blocked';
export type ValidationCase = 'br_co_15' | 'peppol_r001' | 'br_s_08';

export type SendOutcome =
  | { kind: 'queued' }
  | { kind: 'in_flight'; status: 'pending' | 'processing' | 'sending' }
  | {
      kind: 'delivered';
      failuresFirst?: SyncFailure[];
      humanRetryAt?: number;
      reprocessWebhook?: boolean;
      ubl?: boolean;
    }
  | { kind: 'retrying'; failure: 'rate_limit' | 'server' | 'timeout' }
  | { kind: 'dead_letter'; failure: Exclude<SyncFailure, 'rate_limit' | 'server' | 'timeout'> | ValidationCase };

export interface DocPlan {
  state: PipelineState;
  createdAt: number;
  /** The file's type when the story needs a particular one; otherwise drawn (mostly PDF). */
  file?: 'pdf' | 'png' | 'jpg';
  upload?: 'in_flight' | 'rate_limited' | 'rejected_422' | 'credits_blocked' | 'credits_retried';
  creditsRetryAt?: number;
  extraction?: 'queued' | 'processing' | 'processing_webhook_queued' | 'stuck' | 'stuck_webhook_failed' | 'error';
  errorCase?: number;
  issues?: ReviewIssue[];
  review?: 'pending' | 'claimed' | 'claim_expired' | 'reviewed' | 'reviewed_override' | 'blocked';
  blockReason?: string;
  /** When finance approves (reviewed documents that must end up approved just now). */
  approveAt?: number;
  /** When the send starts (failures and in-flight sends must sit at the right distance from now). */
  sendAt?: number;
  send?: SendOutcome;
  /** The send dead-lettered on GoRoute's validation; support fixed the field and resent it (lifecycle.ts). */
  resent?: boolean;
}

const IN_REVIEW_ISSUES: ReviewIssue[][] = [
  ['amount_disagree'],
  ['missing_value'],
  ['iban_changed'],
  ['amount_disagree', 'missing_value'],
  ['iban_changed', 'amount_disagree'],
  ['vat_mismatch'],
  ['tax_mismatch'],
  ['amount_disagree'],
  ['missing_value'],
  ['iban_changed'],
  ['amount_disagree', 'tax_mismatch'],
  ['missing_value'],
  ['amount_disagree'],
  ['vat_mismatch', 'iban_changed'],
];

const PERSON_BLOCKS: { issues: ReviewIssue[]; reason: string }[] = [
  { issues: ['iban_changed'], reason: 'IBAN changed — confirm with vendor by phone' },
  {
    issues: ['amount_disagree'],
    reason: 'Amount does not match the purchase order — corrected invoice requested from the vendor',
  },
  {
    issues: ['vat_mismatch'],
    reason: 'VAT ID on the invoice belongs to another company — possible fake invoice, escalated to finance',
  },
  { issues: ['missing_value'], reason: 'Page 2 of the PDF is missing — full invoice requested from the vendor' },
  {
    issues: ['amount_disagree'],
    reason:
      'Same invoice number and amount as an invoice delivered last week — checking with the vendor before sending',
  },
];

/** Incident anchors shared with alerts and audit rows. */
export function anchors(now: number) {
  return {
    credits: now - 62 * HOUR,
    creditsTopUp: now - 42 * HOUR,
    burst: now - 3 * DAY - 5 * HOUR,
    authIncident: now - 9 * DAY - 3 * HOUR,
  };
}

export function buildPlans(ctx: SeedContext, rng: Rng): DocPlan[] {
  const now = ctx.now;
  const a = anchors(now);
  const ago = (min: number, max: number) => now - rng.int(min, max);
  const plans: DocPlan[] = [];
  const add = (n: number, make: (i: number) => DocPlan) => {
    for (let i = 0; i < n; i++) plans.push(make(i));
  };
  /** A send planned at `sendAt`, its document received 8–15 minutes earlier. */
  const sendPlan = (state: PipelineState, sendAt: number, send: SendOutcome): DocPlan => ({
    state,
    createdAt: sendAt - rng.int(8 * MINUTE, 15 * MINUTE),
    sendAt,
    send,
  });

  add(4, () => ({ state: 'received', createdAt: ago(5 * SECOND, 6 * MINUTE) }));
  add(2, () => ({ state: 'uploading', upload: 'in_flight', createdAt: ago(30 * SECOND, 50 * SECOND) }));
  add(1, () => ({ state: 'uploading', upload: 'rate_limited', createdAt: ago(40 * SECOND, 80 * SECOND) }));

  add(3, () => ({ state: 'extracting', extraction: 'queued', createdAt: ago(45 * SECOND, 3 * MINUTE) }));
  add(3, (i) => ({
    state: 'extracting',
    extraction: i === 0 ? 'processing_webhook_queued' : 'processing',
    createdAt: ago(4 * MINUTE, 9 * MINUTE),
  }));
  plans.push({ state: 'extracting', extraction: 'stuck', createdAt: ago(2 * HOUR, 5 * HOUR) });
  plans.push({ state: 'extracting', extraction: 'stuck_webhook_failed', createdAt: ago(7 * HOUR, 11 * HOUR) });
  plans.push({ state: 'extracting', extraction: 'stuck', createdAt: ago(20 * HOUR, 27 * HOUR) });

  // errorCase 2 is no_invoice_detected: a phone photo of a delivery note.
  add(6, (i) => ({
    state: 'extraction_failed',
    extraction: 'error',
    errorCase: i,
    file: i === 2 ? 'jpg' : undefined,
    createdAt: ago(2 * HOUR, 20 * DAY),
  }));
  add(1, () => ({ state: 'extraction_failed', upload: 'rejected_422', createdAt: ago(1 * DAY, 10 * DAY) }));

  IN_REVIEW_ISSUES.forEach((issues, i) => {
    const review = i === 0 ? 'claimed' : i === 4 ? 'claim_expired' : 'pending';
    const createdAt =
      i === 6 ? ago(5 * DAY, 6 * DAY) : review === 'pending' ? ago(20 * MINUTE, 4 * DAY) : ago(90 * MINUTE, 3 * DAY);
    plans.push({ state: 'in_review', issues, review, createdAt });
  });

  add(3, () => ({ state: 'approved', createdAt: ago(6 * MINUTE, 9 * MINUTE), send: { kind: 'queued' } }));
  add(2, (i) => ({
    state: 'approved',
    createdAt: ago(1 * HOUR, 5 * HOUR),
    issues: [i === 0 ? 'amount_disagree' : 'missing_value'],
    review: i === 0 ? 'reviewed' : 'reviewed_override',
    approveAt: ago(1 * MINUTE, 4 * MINUTE),
    send: { kind: 'queued' },
  }));

  plans.push(sendPlan('sending', ago(5 * SECOND, 40 * SECOND), { kind: 'in_flight', status: 'pending' }));
  plans.push(sendPlan('sending', ago(20 * SECOND, 50 * SECOND), { kind: 'in_flight', status: 'pending' }));
  plans.push(sendPlan('sending', ago(60 * SECOND, 100 * SECOND), { kind: 'in_flight', status: 'processing' }));
  plans.push(sendPlan('sending', ago(70 * SECOND, 120 * SECOND), { kind: 'in_flight', status: 'sending' }));
  plans.push(sendPlan('sending', ago(50 * MINUTE, 55 * MINUTE), { kind: 'in_flight', status: 'processing' }));
  plans.push(sendPlan('sending', ago(3 * HOUR, 3 * HOUR + 20 * MINUTE), { kind: 'in_flight', status: 'sending' }));

  // Delivered: the bulk, plus the ones whose history carries an incident.
  add(2, (i) => ({
    state: 'delivered',
    upload: 'credits_retried',
    createdAt: a.credits + (10 + 40 * i) * MINUTE,
    creditsRetryAt: a.creditsTopUp + (5 + 3 * i) * MINUTE,
    send: { kind: 'delivered' },
  }));
  add(6, (i) => ({
    state: 'delivered',
    createdAt: a.burst - 12 * MINUTE + i * 4 * MINUTE,
    sendAt: a.burst + i * 4 * MINUTE + rng.int(0, 90) * SECOND,
    send: { kind: 'delivered', failuresFirst: i % 3 === 0 ? ['server', 'server'] : ['server'] },
  }));
  add(2, (i) => ({
    state: 'delivered',
    createdAt: a.authIncident - 10 * MINUTE + i * 25 * MINUTE,
    sendAt: a.authIncident + i * 25 * MINUTE,
    send: {
      kind: 'delivered',
      failuresFirst: ['ip_blocked'],
      humanRetryAt: a.authIncident + 5 * HOUR + i * 2 * MINUTE,
    },
  }));
  add(10, (i) => ({
    state: 'delivered',
    createdAt: ago(6 * HOUR, 29 * DAY),
    issues: [i % 2 === 0 ? 'amount_disagree' : 'missing_value'],
    review: i % 3 === 0 ? 'reviewed_override' : 'reviewed',
    send: { kind: 'delivered', ubl: i === 1 },
  }));
  add(58, (i) => ({
    state: 'delivered',
    createdAt: ago(6 * HOUR, 30 * DAY),
    send: { kind: 'delivered', ubl: i % 13 === 3, reprocessWebhook: i === 7 },
  }));

  add(3, () => sendPlan('send_failed', ago(70 * SECOND, 150 * SECOND), { kind: 'retrying', failure: 'rate_limit' }));
  add(3, () => sendPlan('send_failed', ago(1 * HOUR, 4 * HOUR), { kind: 'retrying', failure: 'server' }));
  add(2, () => sendPlan('send_failed', ago(30 * MINUTE, 3 * HOUR), { kind: 'retrying', failure: 'timeout' }));

  (['br_co_15', 'peppol_r001', 'br_s_08'] as const).forEach((failure) =>
    plans.push(sendPlan('dead_letter', ago(1 * DAY, 20 * DAY), { kind: 'dead_letter', failure })),
  );
  add(2, () => sendPlan('dead_letter', ago(2 * DAY, 15 * DAY), { kind: 'dead_letter', failure: 'not_found' }));
  plans.push(sendPlan('dead_letter', ago(13 * DAY, 14 * DAY), { kind: 'dead_letter', failure: 'invalid_key' }));
  plans.push(sendPlan('dead_letter', now - 26 * HOUR, { kind: 'dead_letter', failure: 'ip_blocked' }));

  PERSON_BLOCKS.forEach(({ issues, reason }) =>
    plans.push({ state: 'blocked', review: 'blocked', issues, blockReason: reason, createdAt: ago(1 * DAY, 12 * DAY) }),
  );
  [0, 25, 75, 140].forEach((m) =>
    plans.push({ state: 'blocked', upload: 'credits_blocked', createdAt: a.credits + m * MINUTE }),
  );

  return plans;
}
