import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { documents, transactions } from '@/db/schema';
import { recordTimeline } from '@/lib/pipeline/audit-trail';
import { recordAcceptedSendFailure } from '@/lib/pipeline/dead-letter';
import { isTerminal, movesForward } from '@/lib/pipeline/transaction-status';
import { transitionDocument } from '@/lib/pipeline/transition';
import { ProviderError } from '@/lib/provider-http/errors';
import { clientsOf, type JobDeps } from '../deps';
import { queues } from '../../lib/jobs/queues';
import { inTransaction } from '../../db/transaction';
import { fail } from './send-transaction';

export type TrackJob = { transactionId: string; attempt?: number };
const MAX_TRACKS = 40;

/** Polls GoRoute for a send whose webhooks are late; status only ever moves forward. */
export async function trackTransaction(deps: JobDeps, job: TrackJob): Promise<string> {
  const attempt = job.attempt ?? 1;
  const [txn] = await deps.db.select().from(transactions).where(eq(transactions.id, job.transactionId));
  if (!txn?.gorouteTransactionId || isTerminal(txn.status) || txn.status === 'queued') return 'done';
  let remote;
  try {
    remote = await clientsOf(deps).goroute.getTransaction(txn.gorouteTransactionId, {
      transactionId: txn.id,
      documentId: txn.documentId ?? undefined,
    });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    // Only a retryable answer is worth asking again; anything else would answer the same way every time.
    if (!error.retryable) return stopTracking(deps, txn, error);
    remote = null;
  }
  const status = remote?.status;
  if (status && movesForward(txn.status, status)) {
    await inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
      if (status === 'failed') {
        const code = remote?.error?.code ?? 'DELIVERY_FAILED';
        const error = { code, message: remote?.error?.message ?? null, details: remote?.error?.details ?? null };
        return recordAcceptedSendFailure(tx, enqueue, txn, error, `GoRoute reports failed (polled): ${code}`);
      }
      const now = new Date();
      await tx
        .update(transactions)
        .set({
          status,
          statusChangedAt: now,
          updatedAt: now,
          ...(status === 'delivered'
            ? {
                deliveredAt: remote?.deliveredAt ? new Date(remote.deliveredAt) : now,
                messageId: remote?.messageId ?? null,
              }
            : {}),
        })
        .where(eq(transactions.id, txn.id));
      if (txn.documentId && status === 'delivered') {
        const [doc] = await tx
          .select({ state: documents.pipelineState })
          .from(documents)
          .where(eq(documents.id, txn.documentId));
        if (doc)
          await transitionDocument(tx, txn.documentId, doc.state, 'delivered', {
            title: `GoRoute reports ${status} (polled)`,
          });
      }
    });
    if (isTerminal(status)) return status;
  }
  if (attempt >= MAX_TRACKS) return 'gave up tracking';
  await deps.boss.send(
    queues.transactionTrack,
    { transactionId: txn.id, attempt: attempt + 1 },
    { startAfter: Math.min(300, 15 * attempt) },
  );
  return 'tracking';
}

/** The code a send gets when GoRoute answers 404 for the transaction it accepted. */
export const TRANSACTION_NOT_FOUND = 'TRANSACTION_NOT_FOUND';

/**
 * A 404 for a transaction GoRoute gave us is a finding for a person, not a reason to track again: the send fails,
 * not retryable, and is dead-lettered by the send job's own path (failures list, dead_letter alert, document moved
 * on), once — a second tracking job finds it failed. Any other permanent answer (401, 403 …) is about our access,
 * not the send: it is written on the send once and tracking stops (the pending sweep asks again after its window,
 * which finds the same answer without writing it twice).
 */
async function stopTracking(
  deps: JobDeps,
  txn: typeof transactions.$inferSelect,
  error: ProviderError,
): Promise<string> {
  if (error.kind === 'not_found') {
    await fail(deps, txn, {
      code: TRANSACTION_NOT_FOUND,
      message: `GoRoute no longer knows transaction ${txn.gorouteTransactionId} (GET answered 404); tracking stopped`,
      details: error.details,
      category: 'not_found',
      retryable: false,
      requestId: error.requestId,
      retryAfterMs: null,
    });
    return 'not found: dead-lettered';
  }
  const code = error.code ?? `HTTP_${error.httpStatus ?? 'error'}`;
  const noted = await deps.db
    .update(transactions)
    .set({
      lastErrorCode: code,
      lastErrorMessage: error.message,
      lastErrorDetails: error.details,
      lastRequestId: error.requestId,
      updatedAt: new Date(),
    })
    .where(
      and(eq(transactions.id, txn.id), or(isNull(transactions.lastErrorCode), ne(transactions.lastErrorCode, code))),
    )
    .returning({ id: transactions.id });
  if (noted.length > 0) {
    await recordTimeline(deps.db, {
      documentId: txn.documentId,
      transactionId: txn.id,
      kind: 'system',
      title: `Tracking stopped: GoRoute answered ${error.httpStatus ?? 'no response'} ${code}`,
      detail: { requestId: error.requestId, message: error.message },
    });
  }
  return `stopped: ${code}`;
}
