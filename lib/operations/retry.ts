import { and, eq, sql } from 'drizzle-orm';
import { documents, transactions } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/db/transaction';
import { releaseHeldUploads } from '@/lib/operations/resume-uploads';
import { recordAudit, recordTimeline } from '@/lib/pipeline/audit-trail';
import type { ActionDeps } from '@/lib/actions';
import type { ActionResult } from '@/lib/result';
import { reuploadableSql } from '@/lib/rules/documents';
import { personMayRetrySql } from '@/lib/rules/sends';

type Deps = Pick<ActionDeps, 'pool' | 'boss'>;

/**
 * Support resends a failed send now, with the same idempotency key (GoRoute answers a repeat with the
 * first result, so this can never produce a second Peppol message). Only a send a person may retry
 * qualifies (lib/rules/sends.ts): a dead letter too, once its cause outside the invoice is fixed.
 */
export async function retryTransaction(deps: Deps, user: SessionUser, transactionId: string): Promise<ActionResult> {
  assertCan(user, 'transactions:retry');
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const [txn] = await tx
      .update(transactions)
      // Back to `queued`: a second retry racing this one no longer matches `status = 'failed'`. A person's retry
      // starts the schedule over (attempts 0): otherwise one more transient failure after it dead-letters at once.
      .set({
        status: 'queued',
        attempts: 0,
        statusChangedAt: sql`now()`,
        nextAttemptAt: sql`now()`,
        deadLetteredAt: null,
        lastErrorRetryable: true,
        updatedAt: sql`now()`,
      })
      .where(and(eq(transactions.id, transactionId), personMayRetrySql))
      .returning({ id: transactions.id, documentId: transactions.documentId, code: transactions.lastErrorCode });
    if (!txn) {
      return {
        ok: false,
        error:
          'Only the latest failed send of a document, whose cause a retry can fix, can be retried, and not while its document is blocked (a failure in the invoice needs fix and resend).',
      };
    }
    await recordTimeline(tx, {
      documentId: txn.documentId,
      transactionId: txn.id,
      kind: 'human',
      title: 'Retry requested',
      actorId: user.id,
    });
    await recordAudit(tx, {
      actor: user,
      action: 'transaction.retry',
      target: { type: 'transaction', id: txn.id },
      before: { status: 'failed', code: txn.code },
      after: { status: 'retrying' },
    });
    await enqueue(queues.transactionSend, { transactionId: txn.id });
    return { ok: true };
  });
}

/**
 * After a 402, once credits are back, a person re-uploads with a NEW idempotency key (exdata would
 * answer the old one with the blocked document). Also retries a failed upload. Resumes paused uploads.
 */
export async function retryUpload(deps: Deps, user: SessionUser, documentId: string): Promise<ActionResult> {
  assertCan(user, 'documents:retry');
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue, enqueueMany) => {
    const [doc] = await tx
      .update(documents)
      .set({
        pipelineState: 'received',
        uploadAttempt: sql`${documents.uploadAttempt} + 1`,
        uploadIdempotencyKey: sql`'upload:' || ${documents.sourceId} || ':' || (${documents.uploadAttempt} + 1)`,
        exdataDocumentId: null,
        exdataStatus: null,
        blockedReason: null,
        blockedAt: null,
        blockedBy: null,
        stateChangedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(documents.id, documentId), reuploadableSql))
      .returning({ id: documents.id, key: documents.uploadIdempotencyKey });
    if (!doc) return { ok: false, error: 'Only a failed upload or one blocked for credits can be uploaded again.' };
    // Lifting the pause hands back every document it held too, or they would wait for good.
    await releaseHeldUploads(tx, enqueueMany, user, { except: documentId });
    await recordTimeline(tx, {
      documentId,
      kind: 'human',
      title: `Re-upload requested with a new idempotency key`,
      toState: 'received',
      actorId: user.id,
      detail: { idempotencyKey: doc.key },
    });
    await recordAudit(tx, {
      actor: user,
      action: 'document.retry',
      target: { type: 'document', id: documentId },
      after: { idempotencyKey: doc.key },
    });
    await enqueue(queues.documentUpload, { documentId });
    return { ok: true };
  });
}
