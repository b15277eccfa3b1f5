// Every scale document's kind and creation time, decided up front (9 bytes per document), then turned into
// the demo seed's DocPlan one document at a time while its story is told.
import type { ReviewIssue } from '@/demo/seed/fields';
import type { DocPlan, SendOutcome, SyncFailure, ValidationCase } from '@/demo/seed/plans';
import { Rng } from '@/demo/world/prng';
import { creditIncidents, KINDS, kindAt, kindCode, REQUIRED, sendIncidents, STATE_OF, type Kind } from './kinds';
import { DAY, HOUR, instantArray, MINUTE, traffic } from './time';

/** Documents arrive over the last 90 days; volume grew, so recent days are denser (e-fold in 60 days). */
const DOCUMENT_WINDOW_DAYS = 90;

export interface DocumentPlans {
  times: Float64Array;
  kinds: Uint8Array;
}

export function planDocuments(n: number, now: number, seed: number): DocumentPlans {
  if (n < REQUIRED.length * 3)
    throw new Error(`at least ${REQUIRED.length * 3} documents are needed for every state to appear (got ${n})`);
  const rng = new Rng(seed);
  const times = instantArray(traffic(now, DOCUMENT_WINDOW_DAYS, 0, 60), n, rng);
  const kinds = new Uint8Array(n);
  for (let i = 0; i < n; i++) kinds[i] = kindCode[kindAt(rng, times[i]!, now)];

  // However small the data set, every pipeline state and transaction status appears: missing kinds take the
  // place of the newest plainly delivered documents, with a creation time that suits them.
  const present = new Set(kinds);
  let changed = false;
  let j = n - 1;
  for (const { kind, age } of REQUIRED) {
    if (present.has(kindCode[kind])) continue;
    while (j >= 0 && kinds[j] !== kindCode.delivered) j--;
    if (j < 0) throw new Error('too few documents to cover every state');
    kinds[j] = kindCode[kind];
    times[j] = now - rng.int(age[0], age[1]);
    present.add(kindCode[kind]);
    changed = true;
    j--;
  }
  if (!changed) return { times, kinds };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a]! - times[b]!);
  return { times: Float64Array.from(order, (i) => times[i]!), kinds: Uint8Array.from(order, (i) => kinds[i]!) };
}

const ISSUES: [ReviewIssue[], number][] = [
  [['amount_disagree'], 30],
  [['missing_value'], 24],
  [['iban_changed'], 12],
  [['tax_mismatch'], 10],
  [['vat_mismatch'], 6],
  [['amount_disagree', 'missing_value'], 6],
  [['iban_changed', 'amount_disagree'], 4],
  [['amount_disagree', 'tax_mismatch'], 5],
  [['vat_mismatch', 'iban_changed'], 3],
];

const BLOCKS: [{ issues: ReviewIssue[]; reason: string }, number][] = [
  [{ issues: ['iban_changed'], reason: 'IBAN changed — confirm with vendor by phone' }, 30],
  [
    {
      issues: ['amount_disagree'],
      reason: 'Amount does not match the purchase order — corrected invoice requested from the vendor',
    },
    25,
  ],
  [
    {
      issues: ['vat_mismatch'],
      reason: 'VAT ID on the invoice belongs to another company — possible fake invoice, escalated to finance',
    },
    10,
  ],
  [{ issues: ['missing_value'], reason: 'Page 2 of the PDF is missing — full invoice requested from the vendor' }, 15],
  [
    {
      issues: ['amount_disagree'],
      reason:
        'Same invoice number and amount as an invoice delivered last week — checking with the vendor before sending',
    },
    15,
  ],
  [
    {
      issues: ['tax_mismatch'],
      reason: 'VAT rate does not apply to these services — credit note and new invoice requested',
    },
    5,
  ],
];

const DEAD_LETTERS: [Extract<SyncFailure, 'not_found' | 'invalid_key' | 'ip_blocked'> | ValidationCase, number][] = [
  ['br_co_15', 30],
  ['peppol_r001', 12],
  ['br_s_08', 13],
  ['not_found', 30],
  ['invalid_key', 5],
  ['ip_blocked', 10],
];

/** Review turnaround: minutes to days, most within a few hours. */
function reviewDelay(rng: Rng): number {
  return Math.round(Math.exp(Math.log(10 * MINUTE) + rng.float() * rng.float() * Math.log((3 * DAY) / (10 * MINUTE))));
}

export function docPlan(rng: Rng, kind: Kind, createdAt: number, now: number): DocPlan {
  const state = STATE_OF[kind];
  const age = now - createdAt;
  const plan: DocPlan = { state, createdAt };
  const send = (s: SendOutcome) => (plan.send = s);
  const reviewed = (override: boolean) => {
    plan.issues = rng.weighted(ISSUES);
    plan.review = override ? 'reviewed_override' : 'reviewed';
    // Approved a while before now, leaving the send time to finish.
    plan.approveAt = createdAt + Math.min(reviewDelay(rng), age - 12 * MINUTE);
  };
  switch (kind) {
    case 'received':
      break;
    case 'uploading':
      plan.upload = 'in_flight';
      break;
    case 'uploading_rate_limited':
      plan.upload = 'rate_limited';
      break;
    case 'extracting_queued':
      plan.extraction = 'queued';
      break;
    case 'extracting_processing':
      plan.extraction = rng.chance(0.15) ? 'processing_webhook_queued' : 'processing';
      break;
    case 'extracting_stuck':
      plan.extraction = rng.chance(0.3) ? 'stuck_webhook_failed' : 'stuck';
      break;
    case 'extraction_error':
      plan.extraction = 'error';
      plan.errorCase = rng.int(0, 5);
      break;
    case 'upload_rejected':
      plan.upload = 'rejected_422';
      break;
    case 'in_review':
      plan.issues = rng.weighted(ISSUES);
      plan.review =
        age < 6 * HOUR && rng.chance(0.04)
          ? 'claimed'
          : age < 6 * HOUR && rng.chance(0.03)
            ? 'claim_expired'
            : 'pending';
      break;
    case 'approved_queued':
      if (age > 40 * MINUTE && rng.chance(0.5)) {
        reviewed(rng.chance(0.3));
        plan.approveAt = now - rng.int(1, 4) * MINUTE;
      }
      send({ kind: 'queued' });
      break;
    case 'sending_pending':
    case 'sending_processing':
    case 'sending_sending': {
      const status = kind === 'sending_pending' ? 'pending' : kind === 'sending_processing' ? 'processing' : 'sending';
      // Fresh sends went out seconds ago; an older one in flight is stuck at GoRoute (pending too long).
      plan.sendAt = age < 15 * MINUTE ? now - rng.int(5_000, 90_000) : createdAt + rng.int(6 * MINUTE, 12 * MINUTE);
      send({ kind: 'in_flight', status });
      break;
    }
    case 'delivered':
      send({ kind: 'delivered', ubl: rng.chance(0.05) });
      break;
    case 'delivered_reviewed':
      reviewed(rng.chance(0.3));
      send({ kind: 'delivered', ubl: rng.chance(0.05) });
      break;
    case 'delivered_after_retry': {
      const { burst } = sendIncidents(now);
      const inBurst = createdAt + 8 * MINUTE >= burst.from && createdAt + 8 * MINUTE < burst.to;
      const failures: SyncFailure[] = inBurst
        ? rng.chance(0.3)
          ? ['server', 'server']
          : ['server']
        : rng.weighted<SyncFailure[]>([
            [['server'], 45],
            [['rate_limit'], 35],
            [['timeout'], 12],
            [['server', 'server'], 8],
          ]);
      send({ kind: 'delivered', failuresFirst: failures });
      break;
    }
    case 'delivered_auth_retry': {
      const { auth } = sendIncidents(now);
      send({
        kind: 'delivered',
        failuresFirst: ['ip_blocked'],
        humanRetryAt: auth.to + rng.int(5 * MINUTE, 50 * MINUTE),
      });
      break;
    }
    case 'delivered_credits_retried': {
      const incident =
        creditIncidents(now).find((c) => createdAt >= c.from && createdAt < c.to) ?? creditIncidents(now)[0]!;
      plan.upload = 'credits_retried';
      plan.creditsRetryAt = incident.topUp + rng.int(2 * MINUTE, 90 * MINUTE);
      send({ kind: 'delivered' });
      break;
    }
    case 'delivered_resent':
      // First send dead-lettered by GoRoute's validation; support fixed the field and resent (lifecycle.ts).
      send({
        kind: 'dead_letter',
        failure: rng.weighted<ValidationCase>([
          ['br_co_15', 6],
          ['br_s_08', 3],
          ['peppol_r001', 1],
        ]),
      });
      plan.resent = true;
      break;
    case 'send_failed': {
      const failure = rng.weighted<'rate_limit' | 'server' | 'timeout'>([
        ['rate_limit', 35],
        ['server', 45],
        ['timeout', 20],
      ]);
      const ago =
        failure === 'rate_limit'
          ? rng.int(70_000, 150_000)
          : failure === 'server'
            ? rng.int(HOUR, 4 * HOUR)
            : rng.int(30 * MINUTE, 3 * HOUR);
      plan.sendAt = Math.max(now - ago, createdAt + 8 * MINUTE);
      send({ kind: 'retrying', failure });
      break;
    }
    case 'dead_letter':
      send({ kind: 'dead_letter', failure: rng.weighted(DEAD_LETTERS) });
      break;
    case 'blocked_review': {
      const block = rng.weighted(BLOCKS);
      plan.issues = block.issues;
      plan.review = 'blocked';
      plan.blockReason = block.reason;
      break;
    }
    case 'blocked_credits':
      plan.upload = 'credits_blocked';
      break;
  }
  return plan;
}

export const kindName = (code: number): Kind => KINDS[code]!;
