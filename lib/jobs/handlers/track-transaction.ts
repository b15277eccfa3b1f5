import { eq } from 'drizzle-orm';
import { documents, transactions } from '@/db/schema';
import { categorize } from '@/lib/pipeline/errors';
import { isTerminal, movesForward } from '@/lib/pipeline/transaction-status';
import { transitionDocument } from '@/lib/pipeline/transition';
import { ProviderError } from '@/lib/providers/errors';
import { providersOf, type JobDeps } from '../deps';
import { queues } from '../queues';
import { inTransaction } from '../transaction';

export type TrackJob = { transactionId: string; attempt?: number };
const MAX_TRACKS = 40;

/** Polls GoRoute for a send whose webhooks are late; status only ever moves forward. */
export async function trackTransaction(deps: JobDeps, job: TrackJob): Promise<string> {
  const attempt = job.attempt ?? 1;
  const [txn] = await deps.db.select().from(transactions).where(eq(transactions.id, job.transactionId));
  if (!txn?.gorouteTransactionId || isTerminal(txn.status) || txn.status === 'queued') return 'done';
  let remote;
  try {
    remote = await providersOf(deps).goroute.getTransaction(txn.gorouteTransactionId, { transactionId: txn.id, documentId: txn.documentId ?? undefined });
  } catch (error) {
    if (!(error instanceof ProviderError) || !error.retryable) throw error;
    remote = null;
  }
  const status = remote?.status;
  if (status && movesForward(txn.status, status)) {
    await inTransaction(deps.pool, deps.boss, async (tx) => {
      const now = new Date();
      const failed = status === 'failed';
      const code = remote?.error?.code ?? 'DELIVERY_FAILED';
      const { category, retryable } = categorize('goroute', null, code);
      await tx
        .update(transactions)
        .set({
          status, statusChangedAt: now, updatedAt: now,
          ...(status === 'delivered' ? { deliveredAt: remote?.deliveredAt ? new Date(remote.deliveredAt) : now, messageId: remote?.messageId ?? null } : {}),
          ...(failed ? { lastErrorCode: code, lastErrorMessage: remote?.error?.message ?? null, lastErrorDetails: remote?.error?.details ?? null, lastErrorCategory: category, lastErrorRetryable: retryable, deadLetteredAt: retryable ? null : now } : {}),
        })
        .where(eq(transactions.id, txn.id));
      if (txn.documentId && (status === 'delivered' || failed)) {
        const [doc] = await tx.select({ state: documents.pipelineState }).from(documents).where(eq(documents.id, txn.documentId));
        const to = status === 'delivered' ? 'delivered' : retryable ? 'send_failed' : 'dead_letter';
        if (doc) await transitionDocument(tx, txn.documentId, doc.state, to, { title: `GoRoute reports ${status} (polled)` });
      }
    });
    if (isTerminal(status)) return status;
  }
  if (attempt >= MAX_TRACKS) return 'gave up tracking';
  await deps.boss.send(queues.transactionTrack, { transactionId: txn.id, attempt: attempt + 1 }, { startAfter: Math.min(300, 15 * attempt) });
  return 'tracking';
}
