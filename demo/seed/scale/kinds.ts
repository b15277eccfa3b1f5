// What becomes of each scale document, by its age: in-flight states only for the last minutes, a review
// backlog of days, incidents where they happened, and for everything older the steady mix of a hub in
// production (mostly delivered, a few percent failed extractions, dead letters and blocks).
import type { PipelineState } from '@/db/schema';
import { anchors } from '@/demo/seed/plans';
import type { Rng } from '@/demo/world/prng';
import { DAY, HOUR, MINUTE } from './time';

export const KINDS = [
  'received',
  'uploading',
  'uploading_rate_limited',
  'extracting_queued',
  'extracting_processing',
  'extracting_stuck',
  'extraction_error',
  'upload_rejected',
  'in_review',
  'approved_queued',
  'sending_pending',
  'sending_processing',
  'sending_sending',
  'delivered',
  'delivered_reviewed',
  'delivered_after_retry',
  'delivered_auth_retry',
  'delivered_credits_retried',
  'delivered_resent',
  'send_failed',
  'dead_letter',
  'blocked_review',
  'blocked_credits',
] as const;
export type Kind = (typeof KINDS)[number];
export const kindCode = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<Kind, number>;

export const STATE_OF: Record<Kind, PipelineState> = {
  received: 'received',
  uploading: 'uploading',
  uploading_rate_limited: 'uploading',
  extracting_queued: 'extracting',
  extracting_processing: 'extracting',
  extracting_stuck: 'extracting',
  extraction_error: 'extraction_failed',
  upload_rejected: 'extraction_failed',
  in_review: 'in_review',
  approved_queued: 'approved',
  sending_pending: 'sending',
  sending_processing: 'sending',
  sending_sending: 'sending',
  delivered: 'delivered',
  delivered_reviewed: 'delivered',
  delivered_after_retry: 'delivered',
  delivered_auth_retry: 'delivered',
  delivered_credits_retried: 'delivered',
  delivered_resent: 'delivered',
  send_failed: 'send_failed',
  dead_letter: 'dead_letter',
  blocked_review: 'blocked',
  blocked_credits: 'blocked',
};

type Band = { maxAge: number; mix: [Kind, number][] };

/** Steady-state mix for documents older than a few hours (weights, per 10,000). */
const SETTLED: [Kind, number][] = [
  ['delivered', 8330],
  ['delivered_reviewed', 760],
  ['delivered_after_retry', 170],
  ['extraction_error', 270],
  ['upload_rejected', 45],
  ['dead_letter', 125],
  ['blocked_review', 100],
];

const BANDS: Band[] = [
  {
    maxAge: 40 * 1000,
    mix: [
      ['received', 60],
      ['uploading', 40],
    ],
  },
  {
    maxAge: 3 * MINUTE,
    mix: [
      ['received', 5],
      ['uploading', 25],
      ['uploading_rate_limited', 3],
      ['extracting_queued', 60],
      ['upload_rejected', 2],
    ],
  },
  {
    maxAge: 6 * MINUTE,
    mix: [
      ['extracting_queued', 25],
      ['extracting_processing', 55],
      ['extraction_error', 3],
      ['in_review', 6],
      ['approved_queued', 8],
    ],
  },
  {
    maxAge: 10 * MINUTE,
    mix: [
      ['extracting_processing', 20],
      ['in_review', 12],
      ['approved_queued', 6],
      ['sending_pending', 14],
      ['sending_processing', 10],
      ['sending_sending', 8],
      ['extraction_error', 3],
      ['dead_letter', 1],
    ],
  },
  {
    maxAge: 20 * MINUTE,
    mix: [
      ['extracting_processing', 4],
      ['in_review', 12],
      ['approved_queued', 2],
      ['sending_processing', 3],
      ['sending_sending', 3],
      ['delivered', 64],
      ['send_failed', 3],
      ['extraction_error', 3],
      ['dead_letter', 1],
    ],
  },
  {
    maxAge: 6 * HOUR,
    mix: [
      ['in_review', 900],
      ['approved_queued', 15],
      ['sending_processing', 8],
      ['sending_sending', 8],
      ['send_failed', 40],
      ['extracting_stuck', 20],
      ...SETTLED,
    ],
  },
  { maxAge: 3 * DAY, mix: [['in_review', 450], ['extracting_stuck', 3], ...SETTLED] },
  { maxAge: 14 * DAY, mix: [['in_review', 60], ['delivered_resent', 25], ...SETTLED] },
  { maxAge: Infinity, mix: [['in_review', 12], ['delivered_resent', 40], ...SETTLED] },
];

/** exdata credits ran out three times in the window; the latest one (the demo's) is topped up but not all retried. */
export function creditIncidents(now: number) {
  const latest = anchors(now);
  return [
    { from: latest.credits, to: latest.credits + 3 * HOUR, topUp: latest.creditsTopUp, stillBlocked: 0.45 },
    {
      from: now - 23 * DAY - 7 * HOUR,
      to: now - 23 * DAY - 3 * HOUR,
      topUp: now - 23 * DAY + 2 * HOUR,
      stillBlocked: 0.05,
    },
    {
      from: now - 61 * DAY - 10 * HOUR,
      to: now - 61 * DAY - 8 * HOUR,
      topUp: now - 61 * DAY - 2 * HOUR,
      stillBlocked: 0.02,
    },
  ];
}

/** GoRoute's burst of 503s and its IP allow-list incident (the demo's anchors), as windows of send times. */
export function sendIncidents(now: number) {
  const a = anchors(now);
  return {
    burst: { from: a.burst - 20 * MINUTE, to: a.burst + 40 * MINUTE },
    auth: { from: a.authIncident, to: a.authIncident + 4 * HOUR },
  };
}

/** Picks a document's kind from its creation time. */
export function kindAt(rng: Rng, createdAt: number, now: number): Kind {
  const age = now - createdAt;
  for (const inc of creditIncidents(now)) {
    if (createdAt >= inc.from && createdAt < inc.to && rng.chance(0.9))
      return rng.chance(inc.stillBlocked) ? 'blocked_credits' : 'delivered_credits_retried';
  }
  const { burst, auth } = sendIncidents(now);
  // Sends go out ~5-10 minutes after intake.
  const sentAt = createdAt + 8 * MINUTE;
  if (sentAt >= burst.from && sentAt < burst.to && rng.chance(0.5)) return 'delivered_after_retry';
  if (sentAt >= auth.from && sentAt < auth.to && rng.chance(0.8)) return 'delivered_auth_retry';
  const band = BANDS.find((b) => age < b.maxAge)!;
  const kind = rng.weighted(band.mix);
  // The upload starts 2-25 s after intake.
  return kind === 'uploading' && age < 27_000 ? 'received' : kind;
}

/** Kinds every data set must contain, however small: every pipeline state and transaction status. */
export const REQUIRED: { kind: Kind; age: [number, number] }[] = [
  { kind: 'received', age: [5_000, 30_000] },
  { kind: 'uploading', age: [27_000, 40_000] },
  { kind: 'extracting_queued', age: [60_000, 150_000] },
  { kind: 'approved_queued', age: [7 * MINUTE, 9 * MINUTE] },
  { kind: 'sending_pending', age: [7 * MINUTE, 9 * MINUTE] },
  { kind: 'sending_processing', age: [7 * MINUTE, 9 * MINUTE] },
  { kind: 'sending_sending', age: [7 * MINUTE, 9 * MINUTE] },
  { kind: 'in_review', age: [30 * MINUTE, 20 * HOUR] },
  { kind: 'send_failed', age: [40 * MINUTE, 3 * HOUR] },
  { kind: 'extraction_error', age: [2 * HOUR, 5 * DAY] },
  { kind: 'dead_letter', age: [2 * HOUR, 10 * DAY] },
  { kind: 'blocked_review', age: [1 * DAY, 10 * DAY] },
  { kind: 'delivered', age: [1 * HOUR, 20 * DAY] },
];
