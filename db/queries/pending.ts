import { asc, count, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { creditsState } from '@/db/queries/credits';
import {
  documentsPastWindow,
  documentVerdict,
  sendSince,
  sendsPastWindow,
  sendVerdict,
  type PendingGroup,
  type PendingVerdict,
} from '@/lib/rules/pending';
import { pendingWindows } from '@/db/queries/windows';
import { db } from '../client';
import { documents, transactions, vendors } from '../schema';

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

/** A document past its window, with what the pending view shows about it. */
export type PendingDocument = {
  id: string;
  sourceId: string;
  exdataDocumentId: string | null;
  filename: string;
  processingStage: string | null;
  vendorName: string | null;
  invoiceNumber: string | null;
  state: typeof documents.$inferSelect.pipelineState;
  since: Date;
  verdict: PendingVerdict;
  /** Received or uploading while uploads are paused for exdata credits: nothing moves it until uploads resume. */
  heldByCredits: boolean;
};
export type PendingSend = {
  id: string;
  documentId: string | null;
  gorouteTransactionId: string | null;
  status: typeof transactions.$inferSelect.status;
  invoiceNumber: string | null;
  receiverIdentifier: string | null;
  since: Date;
  verdict: PendingVerdict;
};

function documentsOf(database: Database, where: ReturnType<typeof documentsPastWindow>, limit: number) {
  return database
    .select({
      id: documents.id,
      sourceId: documents.sourceId,
      exdataDocumentId: documents.exdataDocumentId,
      filename: documents.filename,
      processingStage: documents.processingStage,
      vendorName: vendors.name,
      senderName: documents.senderName,
      invoiceNumber: documents.invoiceNumber,
      state: documents.pipelineState,
      since: documents.stateChangedAt,
    })
    .from(documents)
    .leftJoin(vendors, eq(vendors.id, documents.vendorId))
    .where(where)
    .orderBy(asc(documents.stateChangedAt))
    .limit(limit);
}

/**
 * Pending too long, by the one definition (lib/rules/pending.ts) the alert, the gauge and the sweep use, oldest
 * first per group: documents waiting on exdata, sends (and approved documents without one) waiting on GoRoute,
 * documents waiting for finance review. Each row carries which rule it is past and since when.
 */
export async function listPendingTooLong(limit = 200, database: Database = db, now = new Date()) {
  const [w, credits] = await Promise.all([pendingWindows(database), creditsState(database)]);
  const [exdata, unsent, review, sends] = await Promise.all([
    documentsOf(database, documentsPastWindow(w, now, ['exdata']), limit),
    documentsOf(database, documentsPastWindow(w, now, ['goroute']), limit),
    documentsOf(database, documentsPastWindow(w, now, ['review']), limit),
    database
      .select({
        id: transactions.id,
        documentId: transactions.documentId,
        gorouteTransactionId: transactions.gorouteTransactionId,
        status: transactions.status,
        invoiceNumber: transactions.invoiceNumber,
        receiverIdentifier: transactions.receiverIdentifier,
        statusChangedAt: transactions.statusChangedAt,
        nextAttemptAt: transactions.nextAttemptAt,
        deadLetteredAt: transactions.deadLetteredAt,
        lastErrorRetryable: transactions.lastErrorRetryable,
      })
      .from(transactions)
      .where(sendsPastWindow(w, now))
      .orderBy(asc(sendSince()))
      .limit(limit),
  ]);
  const doc = (d: (typeof exdata)[number]): PendingDocument => ({
    ...d,
    vendorName: d.vendorName ?? d.senderName,
    verdict: documentVerdict(d.state, d.since, w)!,
    heldByCredits: credits.paused && (d.state === 'received' || d.state === 'uploading'),
  });
  const send = (s: (typeof sends)[number]): PendingSend => {
    const verdict = sendVerdict(s, w)!;
    return {
      id: s.id,
      documentId: s.documentId,
      gorouteTransactionId: s.gorouteTransactionId,
      status: s.status,
      invoiceNumber: s.invoiceNumber,
      receiverIdentifier: s.receiverIdentifier,
      since: verdict.since,
      verdict,
    };
  };
  return {
    windows: w,
    credits,
    exdata: exdata.map(doc),
    goroute: { sends: sends.map(send), unsent: unsent.map(doc) },
    review: review.map(doc),
  };
}

/** How many items are pending too long per group (the metrics gauge, the go-live KPI, the checklist); same definition and indexes. */
export async function countPendingTooLong(
  database: Database = db,
  now = new Date(),
): Promise<Record<PendingGroup, number>> {
  const w = await pendingWindows(database);
  const docs = async (group: PendingGroup) =>
    (
      await database
        .select({ n: count() })
        .from(documents)
        .where(documentsPastWindow(w, now, [group]))
    )[0]?.n ?? 0;
  const [exdata, unsent, review, [sends]] = await Promise.all([
    docs('exdata'),
    docs('goroute'),
    docs('review'),
    database.select({ n: count() }).from(transactions).where(sendsPastWindow(w, now)),
  ]);
  return { exdata, goroute: unsent + (sends?.n ?? 0), review };
}
