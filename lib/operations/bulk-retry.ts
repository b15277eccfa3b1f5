import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { ActionDeps } from '@/lib/actions';
import { transactions, type ErrorCategory } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/db/transaction';
import { recordAudit, recordTimeline } from '@/lib/pipeline/audit-trail';
import { bulkRetryableSql } from '@/lib/rules/sends';

export const BULK_LIMIT = 10_000;

/** The failed sends a bulk retry would touch (lib/rules/sends.ts, the same as the Failures view's "retryable" list). */
function retryableWhere(category?: ErrorCategory) {
  return and(bulkRetryableSql, category ? eq(transactions.lastErrorCategory, category) : undefined);
}

/** The preview a person confirms before a bulk retry. */
export async function countBulkRetry(db: Database, category?: ErrorCategory) {
  const [row] = await db.select({ n: count() }).from(transactions).where(retryableWhere(category));
  return Math.min(row?.n ?? 0, BULK_LIMIT);
}

/**
 * Retries every matching failed send now, each with its own unchanged idempotency key; the worker's
 * throttle and GoRoute's 429s pace them. One statement marks them, pg-boss inserts the jobs in the
 * same transaction, one audit row records the filter and the count.
 */
export async function bulkRetry(
  deps: Pick<ActionDeps, 'pool' | 'boss'>,
  user: SessionUser,
  category?: ErrorCategory,
): Promise<{ ok: true; count: number }> {
  assertCan(user, 'transactions:retry');
  return inTransaction(deps.pool, deps.boss, async (tx, _enqueue, enqueueMany) => {
    const rows = await tx
      .select({ id: transactions.id, documentId: transactions.documentId })
      .from(transactions)
      .where(retryableWhere(category))
      .limit(BULK_LIMIT);
    if (rows.length === 0) return { ok: true as const, count: 0 };
    const list = rows.map((r) => r.id);
    // Due now, and marked for automation: the worker claims the failed sends it retries, and checks each again.
    await tx
      .update(transactions)
      .set({ nextAttemptAt: sql`now()`, lastErrorRetryable: true, updatedAt: sql`now()` })
      .where(inArray(transactions.id, list));
    await recordTimeline(
      tx,
      rows.map((r) => ({
        documentId: r.documentId,
        transactionId: r.id,
        kind: 'human' as const,
        title: 'Bulk retry requested',
        actorId: user.id,
      })),
    );
    await recordAudit(tx, {
      actor: user,
      action: 'transaction.retry',
      target: { type: 'bulk', id: category ?? 'all-retryable' },
      after: { count: list.length, category: category ?? null },
    });
    await enqueueMany(
      queues.transactionSend,
      list.map((id) => ({ transactionId: id })),
    );
    return { ok: true as const, count: list.length };
  });
}
