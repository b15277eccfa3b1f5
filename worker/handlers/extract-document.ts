import { eq, or, sql } from 'drizzle-orm';
import { documents, extractedFields, vendors } from '@/db/schema';
import { documentSummary, fieldRows, vendorKeys } from '@/lib/pipeline/fields';
import { createOutboundTransaction } from '@/lib/pipeline/outbound';
import { reviewFlags } from '@/lib/pipeline/review-rules';
import { transitionDocument } from '@/lib/pipeline/transition';
import { ProviderError } from '@/lib/provider-http/errors';
import { MAX_ATTEMPTS, retryDelayMs } from '../../lib/rules/retry-schedule';
import { clientsOf, type JobDeps } from '../deps';
import { queues } from '../../lib/jobs/queues';
import { inTransaction } from '../../db/transaction';

export type ExtractJob = { documentId: string; attempt?: number };

/**
 * Fetches the extraction, stores every field with its candidates, and routes the document: to
 * review when a money, tax or vendor-identity field is uncertain, otherwise straight to sending.
 */
export async function extractDocument(deps: JobDeps, job: ExtractJob): Promise<string> {
  const [doc] = await deps.db.select().from(documents).where(eq(documents.id, job.documentId));
  if (!doc || doc.pipelineState !== 'extracting' || !doc.exdataDocumentId) return 'skipped';
  let fields;
  try {
    fields = await clientsOf(deps).exdata.getExtractions(doc.exdataDocumentId, { documentId: doc.id });
  } catch (error) {
    const attempt = job.attempt ?? 1;
    if (error instanceof ProviderError && error.retryable && attempt < MAX_ATTEMPTS) {
      await deps.boss.send(
        queues.documentExtract,
        { documentId: doc.id, attempt: attempt + 1 },
        { startAfter: Math.ceil(retryDelayMs(attempt, error.retryAfterMs) / 1000) },
      );
      return 'retry';
    }
    throw error;
  }
  const keys = vendorKeys(fields);
  const [vendor] =
    keys.vatId || keys.peppolId
      ? await deps.db
          .select()
          .from(vendors)
          .where(
            or(
              keys.vatId ? eq(sql`upper(replace(${vendors.vatId}, ' ', ''))`, keys.vatId) : undefined,
              keys.peppolId ? eq(sql`lower(${vendors.peppolId})`, keys.peppolId) : undefined,
            ),
          )
          .limit(1)
      : [];
  const flags = reviewFlags(
    fields,
    vendor ? { vatId: vendor.vatId, iban: vendor.iban, peppolId: vendor.peppolId } : null,
  );
  const flagged = new Map(flags.map((f) => [f.field, f.reason]));

  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const rows = fieldRows(doc.id, fields, flagged);
    if (rows.length > 0) {
      await tx
        .insert(extractedFields)
        .values(rows)
        .onConflictDoUpdate({
          target: [extractedFields.documentId, extractedFields.name],
          set: {
            value: sql`excluded.value`,
            valueJson: sql`excluded.value_json`,
            candidates: sql`excluded.candidates`,
            category: sql`excluded.category`,
            reviewState: sql`excluded.review_state`,
            reviewReason: sql`excluded.review_reason`,
          },
        });
    }
    const set = { ...documentSummary(fields), vendorId: vendor?.id ?? null };
    if (flags.length > 0) {
      await transitionDocument(tx, doc.id, 'extracting', 'in_review', {
        title: `Needs review: ${flags.map((f) => f.field).join(', ')}`,
        set,
        detail: { flags },
      });
      return 'in review';
    }
    if (
      !(await transitionDocument(tx, doc.id, 'extracting', 'approved', {
        title: 'Auto-approved: no uncertain money, tax or vendor field',
        set,
      }))
    )
      return 'skipped';
    const transactionId = await createOutboundTransaction(tx, doc.id);
    await enqueue(queues.transactionSend, { transactionId });
    return 'approved';
  });
}
