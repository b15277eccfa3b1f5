import { and, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import type { Database } from '@/db/client';
import { auditLog, timelineEvents, transactions, type ErrorCategory } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/lib/jobs/transaction';

export const BULK_LIMIT = 10_000;
const retryableCategories: ErrorCategory[] = ['server', 'network', 'rate_limit'];

/** The failed sends a bulk retry would touch: failed, not dead-lettered, of a category a retry can fix. */
function retryableWhere(category?: ErrorCategory) {
  return and(
    eq(transactions.status, 'failed'),
    isNull(transactions.deadLetteredAt),
    or(eq(transactions.lastErrorRetryable, true), inArray(transactions.lastErrorCategory, retryableCategories)),
    category ? eq(transactions.lastErrorCategory, category) : undefined,
  );
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
export async function bulkRetry(deps: { pool: Pool; boss: PgBoss }, user: SessionUser, category?: ErrorCategory): Promise<{ ok: true; count: number }> {
  assertCan(user, 'transactions:retry');
  return inTransaction(deps.pool, deps.boss, async (tx, _enqueue, enqueueMany) => {
    const ids = await tx.select({ id: transactions.id }).from(transactions).where(retryableWhere(category)).limit(BULK_LIMIT);
    if (ids.length === 0) return { ok: true as const, count: 0 };
    const list = ids.map((r) => r.id);
    await tx.update(transactions).set({ nextAttemptAt: sql`now()`, lastErrorRetryable: true, updatedAt: sql`now()` }).where(inArray(transactions.id, list));
    await tx.insert(timelineEvents).values(list.map((id) => ({ transactionId: id, kind: 'human' as const, title: 'Bulk retry requested', actorId: user.id })));
    await tx.insert(auditLog).values({ actorId: user.id, actorEmail: user.email, action: 'transaction.retry', targetType: 'bulk', targetId: category ?? 'all-retryable', after: { count: list.length, category: category ?? null } });
    await enqueueMany(queues.transactionSend, list.map((id) => ({ transactionId: id })));
    return { ok: true as const, count: list.length };
  });
}
