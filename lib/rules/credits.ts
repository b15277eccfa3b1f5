import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { documents } from '@/db/schema';
import { formatDateTime } from '@/lib/format';

/** What exdata's credits running out means for documents (the pause after a 402), as values and SQL predicates. */

export const CREDITS_KEY = 'exdata_credits';
/** The one credits alert: the 402 raises it, the evaluator keeps it open while anything is held. */
export const CREDITS_ALERT_KEY = 'insufficient_credits:exdata';
/** The code a 402 (or exdata's document.blocked for credits) leaves on the document. */
export const CREDITS_ERROR_CODE = 'insufficient_credits';

export type CreditsState = { paused: boolean; since: Date | null };

type Stored = { exhausted?: boolean; since?: string };

/** The stored exdata_credits value as the pause it describes (a start that is no date reads as unknown). */
export function readCredits(stored: unknown): CreditsState {
  const value = (stored && typeof stored === 'object' ? stored : {}) as Stored;
  const paused = value.exhausted === true;
  const since = paused && typeof value.since === 'string' ? new Date(value.since) : null;
  return { paused, since: since && !Number.isNaN(since.getTime()) ? since : null };
}

/** Documents the pause keeps from uploading while it lasts: their upload jobs found it and left nothing queued. */
export const waitingForPause = () => sql`${documents.pipelineState} in ('received', 'uploading')`;

/**
 * Documents exdata blocked for credits: only a new upload (new idempotency key) after credits are back moves them
 * on. Automation's block only (blocked_by empty): a person's block is theirs to lift (lib/rules/documents.ts).
 */
export const blockedForCredits = () =>
  and(
    eq(documents.pipelineState, 'blocked'),
    isNull(documents.blockedBy),
    eq(documents.lastErrorCode, CREDITS_ERROR_CODE),
  )!;

/** Documents held back by exdata credits: both of the above while uploads are paused, the blocked ones always. */
export function heldByCredits(paused: boolean) {
  return paused ? or(waitingForPause(), blockedForCredits())! : blockedForCredits();
}

export const heldTitle = (since: Date | null) =>
  `Held: exdata credits exhausted, uploads paused since ${since ? formatDateTime(since) : 'a 402'}`;
