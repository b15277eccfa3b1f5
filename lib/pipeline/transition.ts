import { recordTimeline } from './audit-trail';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { documents, type PipelineState } from '@/db/schema';
import { canTransition } from './states';

export type TransitionOptions = {
  title?: string;
  detail?: Record<string, unknown>;
  actorId?: string | null;
  /** Extra columns set in the same UPDATE (exdata status, error fields…). */
  set?: Partial<typeof documents.$inferInsert>;
};

/**
 * Moves a document from `from` to `to` if, and only if, it is still in `from` (a conditional UPDATE,
 * so two workers racing on one document cannot both win) and the edge is allowed. Every outcome is
 * written to the document's timeline, refusals included.
 */
export async function transitionDocument(
  db: Executor,
  documentId: string,
  from: PipelineState,
  to: PipelineState,
  opts: TransitionOptions = {},
) {
  // Only a person unblocks: a provider answer that lands after a block (a send already in flight) must not
  // carry the document out of `blocked`.
  if (!canTransition(from, to) || (from === 'blocked' && !opts.actorId)) {
    await recordTimeline(db, {
      documentId,
      kind: 'system',
      title: `Refused transition ${from} → ${to}`,
      fromState: from,
      toState: to,
      detail: opts.detail ?? null,
    });
    return false;
  }
  const now = new Date();
  const updated = await db
    .update(documents)
    .set({ ...opts.set, pipelineState: to, stateChangedAt: now, updatedAt: now })
    .where(and(eq(documents.id, documentId), eq(documents.pipelineState, from)))
    .returning({ id: documents.id });
  if (updated.length === 0) return false;
  await recordTimeline(db, {
    documentId,
    kind: opts.actorId ? 'human' : 'transition',
    title: opts.title ?? `${from} → ${to}`,
    fromState: from,
    toState: to,
    detail: opts.detail ?? null,
    actorId: opts.actorId ?? null,
  });
  return true;
}
