import { eq } from 'drizzle-orm';
import { documents } from '@/db/schema';
import { transitionDocument } from '@/lib/pipeline/transition';
import { ProviderError } from '@/lib/providers/errors';
import { providersOf, type JobDeps } from '../deps';
import { queues } from '../queues';

export type PollJob = { documentId: string; attempt?: number };
const MAX_POLLS = 30;

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
    const remote = await providersOf(deps).exdata.getDocument(doc.exdataDocumentId, { documentId: doc.id });
    if (remote.status === 'completed') {
      await deps.db.update(documents).set({ exdataStatus: 'completed', processingStage: null, updatedAt: new Date() }).where(eq(documents.id, doc.id));
      await deps.boss.send(queues.documentExtract, { documentId: doc.id }, { singletonKey: doc.id });
      return 'completed (polled)';
    }
    if (remote.status === 'error' || remote.status === 'blocked') {
      const to = remote.status === 'error' ? 'extraction_failed' : 'blocked';
      await transitionDocument(deps.db, doc.id, 'extracting', to, { title: `exdata reports ${remote.status} (polled)`, set: { exdataStatus: remote.status, lastErrorMessage: remote.processingError ?? remote.blockedReason ?? null } });
      return remote.status;
    }
    await deps.db.update(documents).set({ processingStage: remote.processingStage ?? null, updatedAt: new Date() }).where(eq(documents.id, doc.id));
  } catch (error) {
    if (!(error instanceof ProviderError) || !error.retryable) throw error;
  }
  if (attempt >= MAX_POLLS) return 'gave up polling';
  await deps.boss.send(queues.documentPoll, { documentId: doc.id, attempt: attempt + 1 }, { startAfter: Math.min(300, 10 * attempt) });
  return 'still pending';
}
