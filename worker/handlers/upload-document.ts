import { eq } from 'drizzle-orm';
import { documentFiles, documents } from '@/db/schema';
import { ProviderError } from '@/lib/provider-http/errors';
import { creditsState } from '@/db/queries/credits';
import { markCreditsExhausted, noteHeldByCredits } from '@/lib/pipeline/credits';
import { transitionDocument } from '@/lib/pipeline/transition';
import { MAX_ATTEMPTS, retryDelayMs } from '../../lib/rules/retry-schedule';
import { clientsOf, type JobDeps } from '../deps';
import { queues } from '../../lib/jobs/queues';
import { inTransaction } from '../../db/transaction';

export type UploadJob = { documentId: string; attempt?: number };

/**
 * Uploads one document to exdata with its stable idempotency key, so a retry after a timeout finds
 * the same exdata document instead of creating (and paying for) a second one.
 */
export async function uploadDocument(deps: JobDeps, job: UploadJob): Promise<string> {
  const attempt = job.attempt ?? 1;
  const [doc] = await deps.db.select().from(documents).where(eq(documents.id, job.documentId));
  if (!doc || (doc.pipelineState !== 'received' && doc.pipelineState !== 'uploading')) return 'skipped';
  const credits = await creditsState(deps.db);
  if (credits.paused) {
    // No job is left behind for it: resuming uploads (lib/operations/resume-uploads.ts) re-enqueues every held
    // document.
    await noteHeldByCredits(deps.db, doc.id, credits.since);
    return 'held: exdata credits exhausted';
  }
  if (doc.pipelineState === 'received')
    await transitionDocument(deps.db, doc.id, 'received', 'uploading', { title: 'Uploading to exdata' });
  const [file] = await deps.db.select().from(documentFiles).where(eq(documentFiles.documentId, doc.id));
  if (!file) {
    await transitionDocument(deps.db, doc.id, 'uploading', 'extraction_failed', {
      title: 'No file stored for this document',
      set: {
        lastErrorCode: 'FILE_MISSING',
        lastErrorMessage:
          'No file is stored for this document, so nothing can be sent to exdata: the file has to come in again through intake.',
      },
    });
    return 'failed: no file';
  }
  try {
    const uploaded = await clientsOf(deps).exdata.upload({
      file: file.content,
      filename: doc.filename,
      contentType: file.contentType,
      locale: doc.locale ?? undefined,
      requester: doc.requester ?? undefined,
      idempotencyKey: doc.uploadIdempotencyKey,
      ctx: { documentId: doc.id },
    });
    await inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
      const moved = await transitionDocument(tx, doc.id, 'uploading', 'extracting', {
        title: 'Uploaded to exdata',
        set: {
          exdataDocumentId: uploaded.id,
          exdataStatus: uploaded.status,
          processingStage: uploaded.processingStage ?? null,
          lastErrorCode: null,
          lastErrorMessage: null,
        },
      });
      // The poll is the fallback for a webhook that is late or lost.
      if (moved)
        await enqueue(
          queues.documentPoll,
          { documentId: doc.id },
          { startAfter: Math.ceil((deps.pendingPollMs ?? 60_000) / 1000) },
        );
    });
    return 'uploaded';
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return handleUploadError(deps, doc.id, attempt, error);
  }
}

async function handleUploadError(
  deps: JobDeps,
  documentId: string,
  attempt: number,
  error: ProviderError,
): Promise<string> {
  const set = {
    lastErrorCode: error.code ?? String(error.httpStatus ?? 'network'),
    lastErrorMessage: error.message,
    lastErrorDetails: error.details,
    lastRequestId: error.requestId,
  };
  if (error.kind === 'insufficient_credits') {
    await inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
      await transitionDocument(tx, documentId, 'uploading', 'blocked', {
        title: 'exdata: insufficient credits (402)',
        set: { ...set, exdataStatus: 'blocked', blockedReason: 'exdata has no credits left', blockedAt: new Date() },
      });
      await markCreditsExhausted(tx, { documentId, requestId: error.requestId }, enqueue);
    });
    return 'blocked: insufficient credits';
  }
  if ((error.retryable || error.kind === 'conflict') && attempt < MAX_ATTEMPTS) {
    // 409 means the same key is still being processed: wait and ask again with the same key, never a new one.
    const delay = retryDelayMs(attempt, error.retryAfterMs);
    await deps.db
      .update(documents)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(documents.id, documentId));
    await deps.boss.send(
      queues.documentUpload,
      { documentId, attempt: attempt + 1 },
      { startAfter: Math.ceil(delay / 1000) },
    );
    return `retry in ${delay} ms`;
  }
  await transitionDocument(deps.db, documentId, 'uploading', 'extraction_failed', {
    title: `Upload failed: ${error.code ?? error.httpStatus}`,
    set,
    detail: { details: error.details },
  });
  return `failed: ${error.code ?? error.httpStatus} ${error.message}`;
}
