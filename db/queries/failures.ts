import { and, asc, count, eq, isNotNull, sql } from 'drizzle-orm';
import { PAGE_SIZE, toPage, type Cursor } from '@/lib/pagination';
import { bulkRetryableSql, failedSend, personMayRetrySql, retryCannotFixSql } from '@/lib/rules/sends';
import { db, getPool } from '../client';
import { documents, transactions, type ErrorCategory } from '../schema';
import { cursorText, newestFirst } from './keyset';

/**
 * The Failures view's kinds (lib/rules/sends.ts): `retryable` is exactly what the bulk retry takes and counts;
 * `permanent`, what no retry can fix (fix and resend); `dead_letter`, where automation gave up.
 */
export const failureKinds = ['retryable', 'permanent', 'dead_letter'] as const;
export type FailureFilter = { category?: ErrorCategory; kind?: (typeof failureKinds)[number] };

/**
 * Failed sends per category, dead letters apart: the Failures view's summary. It reads the failed-sends index
 * alone (no heap), which is why it does not split out what is retryable: that needs each send's document, and
 * the bulk-retry preview next to it counts exactly that, live.
 */
async function countFailuresNow() {
  const [rows, [extraction]] = await Promise.all([
    db
      .select({
        category: transactions.lastErrorCategory,
        deadLetter: sql<boolean>`${transactions.deadLetteredAt} is not null`,
        n: count(),
      })
      .from(transactions)
      .where(failedSend)
      .groupBy(transactions.lastErrorCategory, sql`${transactions.deadLetteredAt} is not null`),
    db.select({ n: count() }).from(documents).where(eq(documents.pipelineState, 'extraction_failed')),
  ]);
  return { sends: rows, extractionFailed: extraction?.n ?? 0 };
}

/**
 * How long a view reuses the counts of the one before. They change when the worker fails or delivers a send (a
 * retry from this page too only changes them once the worker has sent it), not when someone looks; the group-by
 * reads every failed send, dead letters included, which at 19,000 cost ~15 ms of PostgreSQL CPU per view and,
 * with the failed-extractions panel, 30–50 ms on the page (measured on the benchmark data).
 */
const COUNTS_TTL_MS = 10_000;
const recent = new WeakMap<object, { at: number; value: ReturnType<typeof countFailuresNow> }>();

/** The Failures summary, at most COUNTS_TTL_MS old (per database, per process). */
export function countFailures(): ReturnType<typeof countFailuresNow> {
  const now = Date.now();
  const key = getPool();
  const last = recent.get(key);
  if (last && now - last.at < COUNTS_TTL_MS) return last.value;
  const value = countFailuresNow();
  recent.set(key, { at: now, value });
  // A failed count is not kept: the next view asks again.
  value.catch(() => {
    if (recent.get(key)?.value === value) recent.delete(key);
  });
  return value;
}

/** Failed sends, oldest failure first (the longest waiting on top), a keyset page at a time, with the provider's error as recorded. */
export async function listFailedSends(filter: FailureFilter, cursor: Cursor | null = null) {
  const rows = await db
    .select({
      changedAt: cursorText(transactions.statusChangedAt),
      id: transactions.id,
      documentId: transactions.documentId,
      gorouteTransactionId: transactions.gorouteTransactionId,
      invoiceNumber: transactions.invoiceNumber,
      receiverIdentifier: transactions.receiverIdentifier,
      lastErrorCode: transactions.lastErrorCode,
      lastErrorCategory: transactions.lastErrorCategory,
      lastErrorRetryable: transactions.lastErrorRetryable,
      // The same rule the Retry button and the bulk retry apply, per row.
      retryable: sql<boolean>`(${personMayRetrySql})`.mapWith(Boolean),
      lastErrorMessage: transactions.lastErrorMessage,
      lastErrorDetails: transactions.lastErrorDetails,
      lastRequestId: transactions.lastRequestId,
      deadLetteredAt: transactions.deadLetteredAt,
      attempts: transactions.attempts,
      nextAttemptAt: transactions.nextAttemptAt,
      statusChangedAt: transactions.statusChangedAt,
    })
    .from(transactions)
    .where(
      and(
        failedSend,
        filter.category ? eq(transactions.lastErrorCategory, filter.category) : undefined,
        filter.kind === 'dead_letter' ? isNotNull(transactions.deadLetteredAt) : undefined,
        filter.kind === 'retryable' ? bulkRetryableSql : undefined,
        filter.kind === 'permanent' ? retryCannotFixSql : undefined,
        cursor
          ? sql`(${transactions.statusChangedAt}, ${transactions.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(transactions.statusChangedAt), asc(transactions.id))
    .limit(PAGE_SIZE + 1);
  return toPage(rows, (r) => ({ at: r.changedAt, id: r.id }));
}

/** The newest extractions exdata could not do, with the request ID support quotes to exdata (all of them: /documents?state=extraction_failed). */
export async function listFailedExtractions(limit = PAGE_SIZE) {
  return db
    .select({
      id: documents.id,
      sourceId: documents.sourceId,
      exdataDocumentId: documents.exdataDocumentId,
      filename: documents.filename,
      lastErrorCode: documents.lastErrorCode,
      lastErrorMessage: documents.lastErrorMessage,
      lastRequestId: documents.lastRequestId,
      since: documents.stateChangedAt,
    })
    .from(documents)
    .where(eq(documents.pipelineState, 'extraction_failed'))
    .orderBy(...newestFirst(documents.stateChangedAt))
    .limit(limit);
}
