import { and, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { auditLog, documents, settings, timelineEvents, transactions } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/lib/jobs/transaction';
import type { DecisionResult } from '@/lib/review/approve';

type Deps = { pool: Pool; boss: PgBoss };

/**
 * Support resends a failed send now, with the same idempotency key (GoRoute answers a repeat with the
 * first result, so this can never produce a second Peppol message). Only failures that a retry can
 * fix qualify; a validation failure needs fix-and-resend.
 */
export async function retryTransaction(deps: Deps, user: SessionUser, transactionId: string): Promise<DecisionResult> {
  assertCan(user, 'transactions:retry');
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const [txn] = await tx
      .update(transactions)
      // Back to `queued`: a second retry racing this one no longer matches `status = 'failed'`.
      .set({ status: 'queued', statusChangedAt: sql`now()`, nextAttemptAt: sql`now()`, deadLetteredAt: null, lastErrorRetryable: true, updatedAt: sql`now()` })
      .where(
        and(
          eq(transactions.id, transactionId),
          eq(transactions.status, 'failed'),
          isNotNull(transactions.sendIdempotencyKey),
          // A blocked document's sends wait for a person to unblock it.
          sql`not exists (select 1 from ${documents} d where d.id = ${transactions.documentId} and d.pipeline_state = 'blocked')`,
          or(eq(transactions.lastErrorRetryable, true), inArray(transactions.lastErrorCategory, ['server', 'network', 'rate_limit', 'auth', 'not_found'])),
        ),
      )
      .returning({ id: transactions.id, documentId: transactions.documentId, code: transactions.lastErrorCode });
    if (!txn) return { ok: false, error: 'Only a failed send whose cause a retry can fix can be retried, and not while its document is blocked (validation failures need fix and resend).' };
    await tx.insert(timelineEvents).values({ documentId: txn.documentId, transactionId: txn.id, kind: 'human', title: 'Retry requested', actorId: user.id });
    await tx.insert(auditLog).values({ actorId: user.id, actorEmail: user.email, action: 'transaction.retry', targetType: 'transaction', targetId: txn.id, before: { status: 'failed', code: txn.code }, after: { status: 'retrying' } });
    await enqueue(queues.transactionSend, { transactionId: txn.id });
    return { ok: true };
  });
}

/**
 * After a 402, once credits are back, a person re-uploads with a NEW idempotency key (exdata would
 * answer the old one with the blocked document). Also retries a failed upload. Resumes paused uploads.
 */
export async function retryUpload(deps: Deps, user: SessionUser, documentId: string): Promise<DecisionResult> {
  assertCan(user, 'documents:retry');
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
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
      .where(
        and(
          eq(documents.id, documentId),
          or(eq(documents.pipelineState, 'extraction_failed'), and(eq(documents.pipelineState, 'blocked'), eq(documents.lastErrorCode, 'insufficient_credits'))),
        ),
      )
      .returning({ id: documents.id, key: documents.uploadIdempotencyKey });
    if (!doc) return { ok: false, error: 'Only a failed upload or one blocked for credits can be uploaded again.' };
    await tx.update(settings).set({ value: { exhausted: false, resumedBy: user.email, resumedAt: new Date().toISOString() }, updatedAt: new Date() }).where(eq(settings.key, 'exdata_credits'));
    await tx.insert(timelineEvents).values({ documentId, kind: 'human', title: `Re-upload requested with a new idempotency key`, toState: 'received', actorId: user.id, detail: { idempotencyKey: doc.key } });
    await tx.insert(auditLog).values({ actorId: user.id, actorEmail: user.email, action: 'document.retry', targetType: 'document', targetId: documentId, after: { idempotencyKey: doc.key } });
    await enqueue(queues.documentUpload, { documentId });
    return { ok: true };
  });
}
