import { eq, notInArray, or, type SQL } from 'drizzle-orm';
import { documents } from '@/db/schema';
import type { PipelineState } from '@/db/schema/enums';
import { blockedForCredits, CREDITS_ERROR_CODE } from '@/lib/rules/credits';

/**
 * States a person cannot block a document in: a delivered invoice is with the buyer already (nothing left to
 * stop), and a blocked one is blocked. Every other state — in review, in flight, failed — may be held.
 */
const NOT_BLOCKABLE = ['delivered', 'blocked'] as const satisfies readonly PipelineState[];
const notBlockable: ReadonlySet<PipelineState> = new Set(NOT_BLOCKABLE);

export const isBlockable = (state: PipelineState) => !notBlockable.has(state);
export const blockableSql: SQL = notInArray(documents.pipelineState, [...NOT_BLOCKABLE]);

/** The document's states in which a fix and resend applies: its latest send failed. */
export const FIXABLE_STATES = ['send_failed', 'dead_letter'] as const satisfies readonly PipelineState[];
export const isFixable = (state: PipelineState) => (FIXABLE_STATES as readonly PipelineState[]).includes(state);

/**
 * A document whose upload a person may start again, with a new key: its extraction failed, or exdata blocked it
 * for credits (automation's block: blocked_by empty). A person's block on a document that once ran out of
 * credits is theirs to lift (lib/rules/unblock.ts), not a re-upload's.
 */
export function isReuploadable(doc: {
  pipelineState: PipelineState;
  lastErrorCode: string | null;
  blockedBy: string | null;
}): boolean {
  return (
    doc.pipelineState === 'extraction_failed' ||
    (doc.pipelineState === 'blocked' && doc.blockedBy === null && doc.lastErrorCode === CREDITS_ERROR_CODE)
  );
}
export const reuploadableSql: SQL = or(eq(documents.pipelineState, 'extraction_failed'), blockedForCredits())!;
