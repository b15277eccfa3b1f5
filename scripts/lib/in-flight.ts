// What `npm start` does about work already in the database when it starts: the demo data's first run, or
// whatever an earlier run left in flight. Two promises must hold — every waiting item is known to the provider
// it waits on, and every item the console says automation will move has a job that will move it.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Database } from '@/db/client';
import { documents, transactions } from '@/db/schema';
import { creditsExhausted } from '@/db/queries/credits';
import { documentPastWindow, sendPastWindow } from '@/lib/rules/pending';
import { pendingWindows } from '@/db/queries/windows';
import { automationRetriesSql } from '@/lib/rules/sends';
import { queues } from '@/lib/jobs/queues';

/** At most this many items of each kind per start; more in flight than this is not a demo any more. */
const CAP = 5_000;

/**
 * The local sandbox keeps its state in memory, so after a restart it knows nothing of the documents and sends the
 * console is waiting on — where a real provider would still know them all, and a poll would find them. It is
 * told about them (POST /_control/adopt): an item still inside its pending window goes on through the provider's
 * lifecycle; one past it stays where it is (it evidently stopped moving), so the console goes on showing it as
 * pending too long rather than a made-up 404.
 */
export async function adoptInFlight(db: Database, sandboxControl: string, now = new Date()) {
  const w = await pendingWindows(db);
  const [docs, sends] = await Promise.all([
    db
      .select({
        id: documents.exdataDocumentId,
        filename: documents.filename,
        exdataStatus: documents.exdataStatus,
        pipelineState: documents.pipelineState,
        stateChangedAt: documents.stateChangedAt,
      })
      .from(documents)
      .where(and(isNotNull(documents.exdataDocumentId), inArray(documents.pipelineState, ['uploading', 'extracting'])))
      .limit(CAP),
    db
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.direction, 'outbound'),
          isNotNull(transactions.gorouteTransactionId),
          inArray(transactions.status, ['pending', 'processing', 'sending']),
        ),
      )
      .limit(CAP),
  ]);
  const party = (scheme: string | null, identifier: string | null, name: string | null) => ({
    scheme: scheme ?? '',
    identifier: (identifier ?? '').replace(/^\d{4}:/, ''),
    name,
  });
  const body = {
    exdata: docs.map((d) => ({
      id: d.id!,
      filename: d.filename,
      status: d.exdataStatus ?? 'pending',
      created_at: d.stateChangedAt.toISOString(),
      stuck:
        d.exdataStatus === 'pending' &&
        documentPastWindow({ pipelineState: d.pipelineState, stateChangedAt: d.stateChangedAt }, [], w, now) !== null,
    })),
    goroute: sends.map((t) => ({
      id: t.gorouteTransactionId!,
      status: t.status as 'pending' | 'processing' | 'sending',
      invoice_number: t.invoiceNumber,
      sender: party(t.senderScheme, t.senderIdentifier, t.senderName),
      receiver: party(t.receiverScheme, t.receiverIdentifier, t.receiverName),
      created_at: t.statusChangedAt.toISOString(),
      idempotency_key: t.sendIdempotencyKey,
      stuck: sendPastWindow(t, w, now) !== null,
    })),
  };
  if (body.exdata.length + body.goroute.length === 0) return { exdata: 0, goroute: 0 };
  const res = await fetch(`${sandboxControl}/adopt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok)
    throw new Error(`the sandbox refused to adopt the items in flight: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { adopted: { exdata: number; goroute: number } }).adopted;
}

/**
 * Each waiting item whose next step is automation's gets the job that takes it: a document received or uploading
 * (unless uploads are paused for credits: then it is held, and Resume uploads sends it), a send queued, a failed
 * send automation retries — at the time the page promises (its next_attempt_at). A job that is already queued
 * for the same item makes this one a no-op when it runs: every handler re-checks and claims its row.
 */
export async function keepPromises(db: Database, boss: PgBoss) {
  const paused = await creditsExhausted(db);
  const [uploads, sends] = await Promise.all([
    paused
      ? Promise.resolve([])
      : db
          .select({ id: documents.id })
          .from(documents)
          .where(inArray(documents.pipelineState, ['received', 'uploading']))
          .limit(CAP),
    db
      .select({ id: transactions.id, nextAttemptAt: transactions.nextAttemptAt })
      .from(transactions)
      .where(
        sql`(${transactions.status} = 'queued' and ${transactions.deadLetteredAt} is null) or (${automationRetriesSql} and ${transactions.nextAttemptAt} is not null)`,
      )
      .limit(CAP),
  ]);
  for (const d of uploads)
    await boss.send(queues.documentUpload, { documentId: d.id }, { singletonKey: `start:${d.id}` });
  for (const t of sends) {
    const at = t.nextAttemptAt && t.nextAttemptAt.getTime() > Date.now() ? t.nextAttemptAt : undefined;
    await boss.send(
      queues.transactionSend,
      { transactionId: t.id },
      { singletonKey: `start:${t.id}`, ...(at ? { startAfter: at } : {}) },
    );
  }
  return { uploads: uploads.length, sends: sends.length };
}
