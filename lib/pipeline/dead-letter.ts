import { eq } from 'drizzle-orm';
import { documents, transactions, type ErrorCategory } from '@/db/schema';
import { queues } from '@/lib/jobs/queues';
import type { Enqueue } from '@/db/transaction';
import { raiseAlert } from './alerts';
import { categorize } from './errors';
import type { Executor } from '@/db/client';
import { transitionDocument } from './transition';

/**
 * The dead_letter alert, one per error category: raised when the first send of that category is dead-lettered,
 * bumped by the next. Its title names the category, not one code, so a bump (which takes the new title) never
 * makes it look as if every dead letter had the latest one's code; the detail names the latest.
 */
const categoryWords: Record<ErrorCategory, string> = {
  validation: 'the invoice breaks a rule',
  auth: 'API key or access refused',
  not_found: 'receiver or transaction not found',
  rate_limit: 'rate limited',
  server: 'GoRoute server errors',
  network: 'network errors',
  credits: 'no credits',
  conflict: 'conflicting request',
  extraction: 'extraction failed',
  unknown: 'other delivery failures',
};

export async function raiseDeadLetterAlert(
  tx: Executor,
  enqueue: Enqueue,
  f: { category: ErrorCategory; code: string; transactionId: string },
) {
  const raised = await raiseAlert(tx, {
    rule: 'dead_letter',
    severity: 'warning',
    title: `Sends dead-lettered: ${categoryWords[f.category]}`,
    dedupeKey: `dead_letter:${f.category}`,
    detail: {
      transactionId: f.transactionId,
      code: f.code,
      category: f.category,
      summary: `latest: ${f.code}; a person fixes and resends, or retries once the cause is gone`,
    },
  });
  // Tell people once, when the alert opens; later dead-letters of the same category only bump it.
  if (raised.opened) await enqueue(queues.alertNotify, { alertId: raised.id });
}

/**
 * GoRoute reports that a send it accepted failed (AS4, the receiver's access point…), by webhook or when polled.
 * Sending the same key again would only bring back GoRoute's first answer (lib/rules/sends.ts), so automation
 * cannot retry it whatever the code says: it is dead-lettered at once — in the failures list, with the
 * dead_letter alert — for a person to fix and resend. Marking it "retryable" left it where no retry came and no
 * list showed it.
 */
export async function recordAcceptedSendFailure(
  tx: Executor,
  enqueue: Enqueue,
  txn: { id: string; documentId: string | null },
  error: { code: string; message: string | null; details: unknown },
  title: string,
) {
  const now = new Date();
  const { category } = categorize('goroute', null, error.code);
  await tx
    .update(transactions)
    .set({
      status: 'failed',
      statusChangedAt: now,
      updatedAt: now,
      lastErrorCode: error.code,
      lastErrorMessage: error.message,
      lastErrorDetails: error.details ?? null,
      lastErrorCategory: category,
      lastErrorRetryable: false,
      nextAttemptAt: null,
      deadLetteredAt: now,
    })
    .where(eq(transactions.id, txn.id));
  if (txn.documentId) {
    const [doc] = await tx
      .select({ state: documents.pipelineState })
      .from(documents)
      .where(eq(documents.id, txn.documentId));
    if (doc) await transitionDocument(tx, txn.documentId, doc.state, 'dead_letter', { title });
  }
  await raiseDeadLetterAlert(tx, enqueue, { category, code: error.code, transactionId: txn.id });
}
