import { and, desc, eq } from 'drizzle-orm';
import { documents, timelineEvents, transactions, users, type PipelineState } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { blockerOf, canUnblock, unblockRefusal } from '@/lib/rules/unblock';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/db/transaction';
import { recordAudit, recordTimeline } from '@/lib/pipeline/audit-trail';
import { canTransition } from '@/lib/pipeline/states';
import { blockableSql } from '@/lib/rules/documents';
import { failedSend } from '@/lib/rules/sends';
import { issueMessages, personText } from '@/lib/validation/text';
import type { ActionDeps } from '@/lib/actions';
import type { ActionResult } from '@/lib/result';

type Deps = Pick<ActionDeps, 'pool' | 'boss'>;

const BlockReason = personText({ max: 500 }).min(3, 'At least 3 characters');

/** A person stops all automation for a document; jobs check the state and leave a blocked one alone. */
export async function blockDocument(
  deps: Deps,
  user: SessionUser,
  documentId: string,
  reason: string,
): Promise<ActionResult> {
  assertCan(user, 'documents:block');
  const parsed = BlockReason.safeParse(reason);
  if (!parsed.success)
    return {
      ok: false,
      error: 'Say why the document is blocked; it was not blocked.',
      fieldErrors: { reason: issueMessages(parsed.error) },
    };
  const why = parsed.data;
  return inTransaction(deps.pool, deps.boss, async (tx) => {
    const [before] = await tx
      .select({ state: documents.pipelineState })
      .from(documents)
      .where(eq(documents.id, documentId));
    if (!before) return { ok: false, error: 'This document does not exist' };
    const now = new Date();
    const [doc] = await tx
      .update(documents)
      .set({
        pipelineState: 'blocked',
        blockedReason: why,
        blockedBy: user.id,
        blockedAt: now,
        stateChangedAt: now,
        updatedAt: now,
        reviewClaimedBy: null,
        reviewClaimExpiresAt: null,
      })
      .where(and(eq(documents.id, documentId), eq(documents.pipelineState, before.state), blockableSql))
      .returning({ id: documents.id });
    if (!doc)
      return {
        ok: false,
        error:
          before.state === 'blocked'
            ? 'Already blocked'
            : `A ${before.state.replaceAll('_', ' ')} document cannot be blocked`,
      };
    // A scheduled automatic retry would be skipped by the job anyway; clearing it keeps the page honest.
    await tx
      .update(transactions)
      .set({ nextAttemptAt: null, updatedAt: now })
      .where(and(eq(transactions.documentId, documentId), failedSend));
    await recordTimeline(tx, {
      documentId,
      kind: 'human',
      title: `Blocked: ${why.slice(0, 200)}`,
      fromState: before.state,
      toState: 'blocked',
      actorId: user.id,
    });
    await recordAudit(tx, {
      actor: user,
      action: 'document.block',
      target: { type: 'document', id: documentId },
      before: { state: before.state },
      after: { state: 'blocked', reason: why },
    });
    return { ok: true };
  });
}

/**
 * Unblocking returns the document to the state it was blocked in, and hands it back to automation. Only those
 * who may lift this block do it (lib/rules/unblock.ts): a block is a decision, lifted by its team or an admin.
 */
export async function unblockDocument(deps: Deps, user: SessionUser, documentId: string): Promise<ActionResult> {
  assertCan(user, 'documents:block');
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    // Locked, so the block read here is the one lifted: a re-block in between waits, then finds it unblocked.
    const [block] = await tx
      .select({ blockedBy: documents.blockedBy, blockedByRole: users.role })
      .from(documents)
      .leftJoin(users, eq(users.id, documents.blockedBy))
      .where(and(eq(documents.id, documentId), eq(documents.pipelineState, 'blocked')))
      .for('update', { of: documents });
    if (!block) return { ok: false, error: 'This document is not blocked' };
    const blocker = blockerOf(block);
    if (!canUnblock(user.role, blocker)) return { ok: false, error: unblockRefusal(blocker) };
    const back = await stateBeforeBlock(tx, documentId);
    const now = new Date();
    await tx
      .update(documents)
      .set({
        pipelineState: back,
        blockedReason: null,
        blockedBy: null,
        blockedAt: null,
        stateChangedAt: now,
        updatedAt: now,
      })
      .where(and(eq(documents.id, documentId), eq(documents.pipelineState, 'blocked')));
    await recordTimeline(tx, {
      documentId,
      kind: 'human',
      title: 'Unblocked',
      fromState: 'blocked',
      toState: back,
      actorId: user.id,
    });
    await recordAudit(tx, {
      actor: user,
      action: 'document.unblock',
      target: { type: 'document', id: documentId },
      before: { state: 'blocked', blockedBy: blocker },
      after: { state: back },
    });
    if (back === 'received' || back === 'uploading') await enqueue(queues.documentUpload, { documentId });
    if (back === 'extracting') await enqueue(queues.documentPoll, { documentId });
    if (back === 'approved' || back === 'send_failed' || back === 'sending') {
      // The latest send: after a fix and resend the failed first one stays on record beside it.
      const [txn] = await tx
        .select({ id: transactions.id })
        .from(transactions)
        .where(eq(transactions.documentId, documentId))
        .orderBy(desc(transactions.createdAt))
        .limit(1);
      if (txn) await enqueue(queues.transactionSend, { transactionId: txn.id });
    }
    return { ok: true };
  });
}

/** Where the document was when it was blocked (its last transition into `blocked`), if automation may pick it up from there. */
async function stateBeforeBlock(
  tx: Parameters<Parameters<typeof inTransaction>[2]>[0],
  documentId: string,
): Promise<PipelineState> {
  const [last] = await tx
    .select({ from: timelineEvents.fromState })
    .from(timelineEvents)
    .where(and(eq(timelineEvents.documentId, documentId), eq(timelineEvents.toState, 'blocked')))
    .orderBy(desc(timelineEvents.createdAt), desc(timelineEvents.id))
    .limit(1);
  const target = (last?.from as PipelineState | undefined) ?? 'received';
  return canTransition('blocked', target) ? target : 'received';
}
