import { and, asc, count, eq, lt, or } from 'drizzle-orm';
import type { Database } from '../client';
import { pendingWindows, type PendingWindows } from '@/lib/pipeline/windows';
import { db } from '../client';
import { documents, transactions, vendors } from '../schema';

const before = (minutes: number) => new Date(Date.now() - minutes * 60_000);

const stuckDocuments = (w: PendingWindows) => and(eq(documents.exdataStatus, 'pending'), lt(documents.stateChangedAt, before(w.exdata_pending_minutes)));
const stuckSends = (w: PendingWindows) =>
  or(
    and(eq(transactions.status, 'pending'), lt(transactions.statusChangedAt, before(w.goroute_pending_minutes))),
    and(eq(transactions.status, 'processing'), lt(transactions.statusChangedAt, before(w.goroute_processing_minutes))),
    and(eq(transactions.status, 'sending'), lt(transactions.statusChangedAt, before(w.goroute_sending_minutes))),
  );

export const ageBuckets = [
  { label: 'under 1 h', maxMinutes: 60 },
  { label: '1–4 h', maxMinutes: 240 },
  { label: '4–24 h', maxMinutes: 1440 },
  { label: 'over 1 day', maxMinutes: Infinity },
] as const;

export function bucketOf(since: Date, now = Date.now()) {
  const minutes = (now - since.getTime()) / 60_000;
  return ageBuckets.find((b) => minutes < b.maxMinutes)!.label;
}

/**
 * Pending too long: exdata documents still pending past their window, and GoRoute sends stuck in a
 * non-terminal state past that state's window — oldest first. Served by the partial indexes on
 * (state_changed_at) where exdata_status = 'pending' and (status, status_changed_at) for in-flight sends.
 */
export async function listPendingTooLong(limit = 200) {
  const w = await pendingWindows(db);
  const [docs, sends] = await Promise.all([
    db
      .select({ id: documents.id, sourceId: documents.sourceId, exdataDocumentId: documents.exdataDocumentId, filename: documents.filename, processingStage: documents.processingStage, vendorName: vendors.name, since: documents.stateChangedAt })
      .from(documents)
      .leftJoin(vendors, eq(vendors.id, documents.vendorId))
      .where(stuckDocuments(w))
      .orderBy(asc(documents.stateChangedAt))
      .limit(limit),
    db
      .select({ id: transactions.id, documentId: transactions.documentId, gorouteTransactionId: transactions.gorouteTransactionId, status: transactions.status, invoiceNumber: transactions.invoiceNumber, receiverIdentifier: transactions.receiverIdentifier, since: transactions.statusChangedAt })
      .from(transactions)
      .where(stuckSends(w))
      .orderBy(asc(transactions.statusChangedAt))
      .limit(limit),
  ]);
  return { windows: w, docs, sends };
}


/** How many items are pending too long per provider (the metrics gauge and the dashboard KPI); same partial indexes. */
export async function countPendingTooLong(database: Database = db) {
  const w = await pendingWindows(database);
  const [[docs], [sends]] = await Promise.all([
    database.select({ n: count() }).from(documents).where(stuckDocuments(w)),
    database
      .select({ n: count() })
      .from(transactions)
      .where(stuckSends(w)),
  ]);
  return { exdata: docs?.n ?? 0, goroute: sends?.n ?? 0 };
}
