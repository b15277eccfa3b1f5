import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { documents } from '@/db/schema';
import { recordTimeline } from '@/lib/pipeline/audit-trail';
import { transitionDocument } from '@/lib/pipeline/transition';
import { ProviderError } from '@/lib/provider-http/errors';
import { clientsOf, type JobDeps } from '../deps';
import { queues } from '../../lib/jobs/queues';

export type PollJob = { documentId: string; attempt?: number };
const MAX_POLLS = 30;

/** The code a document gets when exdata answers 404 for the document it gave us. */
export const EXDATA_DOCUMENT_NOT_FOUND = 'EXDATA_DOCUMENT_NOT_FOUND';

type Polled = { id: string; exdataDocumentId: string };

/** Asks exdata where a document stands when its webhook has not come: the fallback path. */
export async function pollDocument(deps: JobDeps, job: PollJob): Promise<string> {
  const attempt = job.attempt ?? 1;
  const [doc] = await deps.db.select().from(documents).where(eq(documents.id, job.documentId));
  if (!doc?.exdataDocumentId || doc.pipelineState !== 'extracting') return 'done';
  if (doc.exdataStatus === 'completed') {
    await deps.boss.send(queues.documentExtract, { documentId: doc.id }, { singletonKey: doc.id });
    return 'extract queued';
  }
  try {
    const remote = await clientsOf(deps).exdata.getDocument(doc.exdataDocumentId, { documentId: doc.id });
    if (remote.status === 'completed') {
      await deps.db
        .update(documents)
        .set({ exdataStatus: 'completed', processingStage: null, updatedAt: new Date() })
        .where(eq(documents.id, doc.id));
      await deps.boss.send(queues.documentExtract, { documentId: doc.id }, { singletonKey: doc.id });
      return 'completed (polled)';
    }
    if (remote.status === 'error' || remote.status === 'blocked') {
      const to = remote.status === 'error' ? 'extraction_failed' : 'blocked';
      await transitionDocument(deps.db, doc.id, 'extracting', to, {
        title: `exdata reports ${remote.status} (polled)`,
        set: { exdataStatus: remote.status, lastErrorMessage: remote.processingError ?? remote.blockedReason ?? null },
      });
      return remote.status;
    }
    await deps.db
      .update(documents)
      .set({ processingStage: remote.processingStage ?? null, updatedAt: new Date() })
      .where(eq(documents.id, doc.id));
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    // Only a retryable answer is worth asking again; anything else would answer the same way every time.
    if (!error.retryable) return stopPolling(deps, { id: doc.id, exdataDocumentId: doc.exdataDocumentId }, error);
  }
  if (attempt >= MAX_POLLS) return 'gave up polling';
  await deps.boss.send(
    queues.documentPoll,
    { documentId: doc.id, attempt: attempt + 1 },
    { startAfter: Math.min(300, 10 * attempt) },
  );
  return 'still pending';
}

/**
 * A 404 for a document exdata gave us is a finding for a person, not a reason to poll again: the document fails
 * extraction, once, with the request ID kept (a second poll finds it no longer extracting). Any other permanent
 * answer (401, 403 …) is about our access, not the document: it is written on the document once, and polling stops
 * (the pending sweep asks again after its window, which finds the same answer without writing it twice).
 */
async function stopPolling(deps: JobDeps, doc: Polled, error: ProviderError): Promise<string> {
  const found = { lastErrorDetails: error.details, lastRequestId: error.requestId };
  if (error.kind === 'not_found') {
    const message = `exdata no longer knows document ${doc.exdataDocumentId} (GET answered 404); polling stopped`;
    await transitionDocument(deps.db, doc.id, 'extracting', 'extraction_failed', {
      title: `exdata: document ${doc.exdataDocumentId} not found (404), polling stopped`,
      set: { ...found, lastErrorCode: EXDATA_DOCUMENT_NOT_FOUND, lastErrorMessage: message },
      detail: { requestId: error.requestId, httpStatus: error.httpStatus },
    });
    return 'not found: extraction failed';
  }
  const code = error.code ?? `HTTP_${error.httpStatus ?? 'error'}`;
  const noted = await deps.db
    .update(documents)
    .set({ ...found, lastErrorCode: code, lastErrorMessage: error.message, updatedAt: new Date() })
    .where(and(eq(documents.id, doc.id), or(isNull(documents.lastErrorCode), ne(documents.lastErrorCode, code))))
    .returning({ id: documents.id });
  if (noted.length > 0) {
    await recordTimeline(deps.db, {
      documentId: doc.id,
      kind: 'system',
      title: `Polling stopped: exdata answered ${error.httpStatus ?? 'no response'} ${code}`,
      detail: { requestId: error.requestId, message: error.message },
    });
  }
  return `stopped: ${code}`;
}
