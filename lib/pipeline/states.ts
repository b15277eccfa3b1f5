import type { PipelineState } from '@/db/schema/enums';

/**
 * The document state machine (docs/architecture.md, "One document's life"). Every state change goes through
 * `canTransition`; an edge not listed here is refused (and the refusal is logged by the caller), so a late or
 * out-of-order webhook can never move a document backwards.
 */
export const transitions: Record<PipelineState, readonly PipelineState[]> = {
  received: ['uploading', 'blocked'],
  uploading: ['extracting', 'extraction_failed', 'blocked'],
  extracting: ['in_review', 'approved', 'extraction_failed', 'blocked'],
  extraction_failed: ['received', 'uploading', 'blocked'],
  in_review: ['approved', 'blocked'],
  approved: ['sending', 'send_failed', 'dead_letter', 'blocked'],
  sending: ['delivered', 'send_failed', 'dead_letter', 'blocked'],
  send_failed: ['sending', 'dead_letter', 'blocked'],
  // A person retried it: it is sent again, and a transient failure of that retry puts it back on the schedule.
  dead_letter: ['sending', 'send_failed', 'blocked'],
  delivered: [],
  // Unblocking returns the document to the state it was blocked from (stateBeforeBlock in lib/review/block.ts).
  blocked: ['received', 'uploading', 'extracting', 'in_review', 'approved', 'send_failed', 'dead_letter'],
};

export function canTransition(from: PipelineState, to: PipelineState): boolean {
  return transitions[from].includes(to);
}

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: PipelineState,
    readonly to: PipelineState,
  ) {
    super(`A document cannot go from ${from} to ${to}`);
    this.name = 'InvalidTransitionError';
  }
}

export function assertTransition(from: PipelineState, to: PipelineState) {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}
