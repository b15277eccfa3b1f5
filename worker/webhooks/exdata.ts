import { recordTimeline } from '@/lib/pipeline/audit-trail';
import { and, eq } from 'drizzle-orm';
import { documents, webhookDeliveries } from '@/db/schema';
import { queues } from '@/lib/jobs/queues';
import { transitionDocument } from '@/lib/pipeline/transition';
import { obj, str } from '@/lib/json';
import type { HandlerContext, Outcome } from './effects';
import { contradictionReason, exdataStatusAfter, signedExdataEvent } from '../../lib/webhooks/exdata-event';

/**
 * exdata events. The event is read from the signed body, never from the stored event type (an unsigned header on
 * rows stored before that rule), so reprocessing an old row has the effect exdata signed. A replay carries a new
 * delivery ID, so the effect key (document, event, resulting status) is what stops automation from running twice.
 */
export async function handleExdata(ctx: HandlerContext, body: Record<string, unknown>): Promise<Outcome> {
  const signed = signedExdataEvent(body);
  if (signed.kind === 'contradiction') return { result: 'ignored', error: contradictionReason(signed) };
  const { event } = signed;
  const data = obj(body.data);
  const exdataId = str(data.id);
  const status = event ? exdataStatusAfter(event) : null;
  if (!event || !status || !exdataId)
    return { result: 'ignored', error: event ? `event ${event} not handled` : 'no event type' };

  const [doc] = await ctx.tx.select().from(documents).where(eq(documents.exdataDocumentId, exdataId));
  if (!doc) return { result: 'unmatched', error: `no document with exdata ID ${exdataId}` };
  const effectKey = `${exdataId}:${event}:${status}`;
  const [done] = await ctx.tx
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.provider, 'exdata'),
        eq(webhookDeliveries.effectKey, effectKey),
        eq(webhookDeliveries.processingResult, 'processed'),
      ),
    );
  if (done) return { result: 'duplicate_effect', effectKey, documentId: doc.id };

  await recordTimeline(ctx.tx, {
    documentId: doc.id,
    kind: 'webhook',
    title: `exdata ${event}`,
    webhookDeliveryId: ctx.deliveryRowId,
    detail: { status, processing_stage: str(data.processing_stage) },
  });
  const requestId = str(data.request_id);
  if (event === 'document.completed') {
    await ctx.tx
      .update(documents)
      .set({ exdataStatus: 'completed', processingStage: null, updatedAt: new Date() })
      .where(eq(documents.id, doc.id));
    // Fetching the extraction and routing to review happens in its own job, never in the receiver's path.
    if (doc.pipelineState === 'extracting' || doc.pipelineState === 'uploading')
      await ctx.enqueue(queues.documentExtract, { documentId: doc.id }, { singletonKey: doc.id });
  } else if (event === 'document.failed') {
    const error = obj(data.error);
    const set = {
      exdataStatus: 'error' as const,
      lastErrorCode: str(error.code) ?? 'extraction_error',
      lastErrorMessage: str(error.message) ?? 'exdata could not extract this document',
      lastRequestId: requestId ?? doc.lastRequestId,
    };
    // Already failed (a poll found it first, say): no transition, but exdata's own reason is now the current problem.
    if (doc.pipelineState === 'extraction_failed')
      await ctx.tx
        .update(documents)
        .set({ ...set, updatedAt: new Date() })
        .where(eq(documents.id, doc.id));
    else
      await transitionDocument(ctx.tx, doc.id, doc.pipelineState, 'extraction_failed', {
        title: 'Extraction failed at exdata',
        set,
      });
  } else {
    await transitionDocument(ctx.tx, doc.id, doc.pipelineState, 'blocked', {
      title: 'Blocked at exdata (insufficient credits)',
      set: {
        exdataStatus: 'blocked',
        blockedReason: 'exdata blocked the document: insufficient credits',
        lastErrorCode: 'insufficient_credits',
        blockedAt: new Date(),
      },
    });
  }
  return { result: 'processed', effectKey, documentId: doc.id };
}
