import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { documents, transactions } from '@/db/schema';
import { raiseDeadLetterAlert } from '@/lib/pipeline/dead-letter';
import { recordTimeline } from '@/lib/pipeline/audit-trail';
import type { Executor } from '@/db/client';
import { transitionDocument } from '@/lib/pipeline/transition';
import { ProviderError } from '@/lib/provider-http/errors';
import { isSendable, sendableSql } from '@/lib/rules/sends';
import { MAX_ATTEMPTS, formatSpan, retryDelayMs } from '../../lib/rules/retry-schedule';
import { clientsOf, type JobDeps } from '../deps';
import { queues } from '../../lib/jobs/queues';
import { inTransaction } from '../../db/transaction';

export type SendJob = { transactionId: string };
type Failure = {
  code: string;
  message: string;
  details: unknown;
  category: NonNullable<typeof transactions.$inferSelect.lastErrorCategory>;
  retryable: boolean;
  requestId: string | null;
  retryAfterMs: number | null;
};

/**
 * Validate, then send, with the transaction's one idempotency key: a retry after a timeout gets
 * GoRoute's answer for the first attempt instead of a second Peppol message.
 */
export async function sendTransaction(deps: JobDeps, job: SendJob, jobId: string = randomUUID()): Promise<string> {
  const [current] = await deps.db
    .select({
      id: transactions.id,
      documentId: transactions.documentId,
      status: transactions.status,
      deadLetteredAt: transactions.deadLetteredAt,
      lastErrorRetryable: transactions.lastErrorRetryable,
      lastErrorCategory: transactions.lastErrorCategory,
      gorouteTransactionId: transactions.gorouteTransactionId,
      sendIdempotencyKey: transactions.sendIdempotencyKey,
    })
    .from(transactions)
    .where(eq(transactions.id, job.transactionId));
  // The block is looked at next, on its own, to say so in the job's outcome.
  if (!current || !isSendable(current, { documentBlocked: false })) return 'skipped';
  if (current.documentId && (await documentBlocked(deps.db, current.documentId))) return 'skipped: document blocked';
  const txn = await claim(deps, current.id, jobId);
  if (!txn) return 'skipped: sent or being sent by another job';
  const ctx = { transactionId: txn.id, documentId: txn.documentId ?? undefined };
  if (!txn.ublXml || !txn.sendIdempotencyKey) {
    const details = txn.lastErrorDetails ?? [
      { rule: 'INVOICE-OPS-UBL', location: '/', message: 'no UBL could be built' },
    ];
    return fail(deps, txn, {
      code: 'UBL_INCOMPLETE',
      message: 'The e-invoice could not be built from the approved fields',
      details,
      category: 'validation',
      retryable: false,
      requestId: null,
      retryAfterMs: null,
    });
  }
  const { goroute } = clientsOf(deps);
  try {
    const report = await goroute.validate(txn.ublXml, ctx);
    if (!report.valid) {
      return fail(deps, txn, {
        code: 'VALIDATION_ERROR',
        message: `Pre-send validation failed: ${report.errors.length} error(s)`,
        details: report.errors,
        category: 'validation',
        retryable: false,
        requestId: null,
        retryAfterMs: null,
      });
    }
    const sent = await goroute.send(txn.ublXml, { idempotencyKey: txn.sendIdempotencyKey, ctx });
    await inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
      const now = new Date();
      await tx
        .update(transactions)
        .set({
          gorouteTransactionId: sent.transactionId,
          status: sent.status === 'delivered' ? 'delivered' : sent.status,
          attempts: txn.attempts + 1,
          statusChangedAt: now,
          updatedAt: now,
          nextAttemptAt: null,
          lastErrorRetryable: null,
          sendClaim: null,
          sendClaimedAt: null,
        })
        .where(eq(transactions.id, txn.id));
      if (txn.documentId) await moveDocument(tx, txn.documentId, 'sending', 'Accepted by GoRoute');
      // Tracking by polling is the fallback for late or lost webhooks.
      await enqueue(queues.transactionTrack, { transactionId: txn.id, attempt: 1 }, { startAfter: 30 });
    });
    return 'sent';
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return fail(deps, txn, {
      code: error.code ?? `HTTP_${error.httpStatus ?? 'network'}`,
      message: error.message,
      details: error.details,
      category: error.category,
      retryable: error.retryable,
      requestId: error.requestId,
      retryAfterMs: error.retryAfterMs,
    });
  }
}

// A crashed job's claim is taken over by pg-boss's retry of the same job (same ID) at once; by any other
// job only after this long, which outlasts a send's two 30 s calls and their rate-limit wait.
const STALE_CLAIM = sql`now() - interval '5 minutes'`;

/**
 * Takes the transaction for this job in one conditional update, re-checking that it still needs sending:
 * a scheduled retry and a bulk retry of the same transaction may run at once, and only one may call GoRoute.
 */
async function claim(deps: JobDeps, id: string, jobId: string) {
  const [row] = await deps.db
    .update(transactions)
    .set({ sendClaim: jobId, sendClaimedAt: sql`now()` })
    .where(
      and(
        eq(transactions.id, id),
        sendableSql,
        or(
          isNull(transactions.sendClaim),
          eq(transactions.sendClaim, jobId),
          lt(transactions.sendClaimedAt, STALE_CLAIM),
        ),
      ),
    )
    .returning();
  return row;
}

async function documentBlocked(db: Executor, documentId: string) {
  const [doc] = await db.select({ state: documents.pipelineState }).from(documents).where(eq(documents.id, documentId));
  return doc?.state === 'blocked';
}

/** Moves the document on, with `title` on its timeline; false when it was already there (or there is none). */
async function moveDocument(
  db: Executor,
  documentId: string,
  to: 'sending' | 'send_failed' | 'dead_letter',
  title: string,
): Promise<boolean> {
  const [doc] = await db.select({ state: documents.pipelineState }).from(documents).where(eq(documents.id, documentId));
  return doc !== undefined && doc.state !== to && (await transitionDocument(db, documentId, doc.state, to, { title }));
}

/** What the timeline says of a failed attempt: where it stands in the schedule, or why automation stopped. */
function failureTitle(f: Failure, attempts: number, retry: boolean, delay: number): string {
  if (retry)
    return `Send failed (${f.code}), attempt ${attempts} of ${MAX_ATTEMPTS}; next attempt in ${formatSpan(delay)}`;
  return f.retryable ? `Dead-lettered after ${attempts} attempts: ${f.code}` : `Dead-lettered: ${f.code}`;
}

/**
 * Retryable: back off and try again with the same key. Permanent or out of attempts: dead-letter and tell support.
 * Also the end of tracking a send GoRoute no longer knows (track-transaction.ts).
 */
export async function fail(deps: JobDeps, txn: typeof transactions.$inferSelect, f: Failure): Promise<string> {
  const attempts = txn.attempts + 1;
  // Blocked while this attempt was in flight: keep it retryable for when a person unblocks, schedule nothing now.
  const held = f.retryable && txn.documentId != null && (await documentBlocked(deps.db, txn.documentId));
  const retry = f.retryable && attempts < MAX_ATTEMPTS && !held;
  const delay = retry ? retryDelayMs(attempts, f.retryAfterMs) : 0;
  const now = new Date();
  await inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    await tx
      .update(transactions)
      .set({
        status: 'failed',
        attempts,
        sendClaim: null,
        sendClaimedAt: null,
        statusChangedAt: now,
        updatedAt: now,
        lastErrorCode: f.code,
        lastErrorMessage: f.message,
        lastErrorDetails: f.details,
        lastErrorCategory: f.category,
        lastErrorRetryable: retry || held,
        lastRequestId: f.requestId,
        nextAttemptAt: retry ? new Date(now.getTime() + delay) : null,
        deadLetteredAt: retry || held ? null : now,
      })
      .where(eq(transactions.id, txn.id));
    if (held) {
      await recordTimeline(tx, {
        documentId: txn.documentId,
        transactionId: txn.id,
        kind: 'system',
        title: `Send failed (${f.code}); no retry while blocked`,
        detail: { transactionId: txn.id },
      });
      return;
    }
    const title = failureTitle(f, attempts, retry, delay);
    // A later attempt finds the document in send_failed already: the attempt still goes on the timeline.
    const moved =
      txn.documentId !== null && (await moveDocument(tx, txn.documentId, retry ? 'send_failed' : 'dead_letter', title));
    if (!moved)
      await recordTimeline(tx, {
        documentId: txn.documentId,
        transactionId: txn.id,
        kind: 'system',
        title,
        detail: { nextAttemptAt: retry ? new Date(now.getTime() + delay).toISOString() : null },
      });
    if (retry) {
      await enqueue(
        queues.transactionSend,
        { transactionId: txn.id },
        { startAfter: Math.max(1, Math.ceil(delay / 1000)) },
      );
    } else {
      await raiseDeadLetterAlert(tx, enqueue, { category: f.category, code: f.code, transactionId: txn.id });
    }
  });
  return held ? 'failed: held while blocked' : retry ? `retry in ${delay} ms` : 'dead-lettered';
}
