import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { db } from '../client';
import { documents, extractedFields, users, vendors } from '../schema';
import { PAGE_SIZE } from '@/lib/pagination';
import { oldestFirst } from './keyset';

/** Documents waiting for finance, oldest first, with the fields that made them wait. */
export async function listReviewQueue() {
  return db
    .select({
      id: documents.id,
      sourceId: documents.sourceId,
      invoiceNumber: documents.invoiceNumber,
      vendorName: vendors.name,
      senderName: documents.senderName,
      grossAmount: documents.grossAmount,
      currency: documents.currency,
      createdAt: documents.createdAt,
      claimedBy: users.name,
      claimExpiresAt: documents.reviewClaimExpiresAt,
      flagged: sql<string[]>`coalesce((
        select array_agg(${extractedFields.name} || ': ' || coalesce(${extractedFields.reviewReason}, 'uncertain') order by ${extractedFields.name})
        from ${extractedFields}
        where ${extractedFields.documentId} = ${documents.id} and ${extractedFields.reviewState} = 'needs_review'
      ), '{}')`,
    })
    .from(documents)
    .leftJoin(vendors, eq(vendors.id, documents.vendorId))
    .leftJoin(users, eq(users.id, documents.reviewClaimedBy))
    .where(eq(documents.pipelineState, 'in_review'))
    .orderBy(...oldestFirst(documents.createdAt, documents.id))
    .limit(PAGE_SIZE);
}

/** Everything the review screen shows for one document. */
export async function getReviewDocument(id: string) {
  const [doc] = await db
    .select({
      id: documents.id,
      sourceId: documents.sourceId,
      exdataDocumentId: documents.exdataDocumentId,
      filename: documents.filename,
      pipelineState: documents.pipelineState,
      invoiceNumber: documents.invoiceNumber,
      senderName: documents.senderName,
      grossAmount: documents.grossAmount,
      currency: documents.currency,
      blockedReason: documents.blockedReason,
      claimedById: documents.reviewClaimedBy,
      claimExpiresAt: documents.reviewClaimExpiresAt,
      claimedBy: users.name,
      vendorName: vendors.name,
      vendorVatId: vendors.vatId,
      vendorIban: vendors.iban,
      vendorPeppolId: vendors.peppolId,
      vendorApprovedAt: vendors.approvedAt,
    })
    .from(documents)
    .leftJoin(vendors, eq(vendors.id, documents.vendorId))
    .leftJoin(users, eq(users.id, documents.reviewClaimedBy))
    .where(eq(documents.id, id));
  if (!doc) return null;
  const fields = await db
    .select({
      name: extractedFields.name,
      value: extractedFields.value,
      valueJson: extractedFields.valueJson,
      candidates: extractedFields.candidates,
      category: extractedFields.category,
      reviewState: extractedFields.reviewState,
      reviewReason: extractedFields.reviewReason,
      approvedValue: extractedFields.approvedValue,
    })
    .from(extractedFields)
    .where(eq(extractedFields.documentId, id))
    .orderBy(asc(extractedFields.name));
  return { doc, fields };
}

export async function getNextReviewDocumentId(userId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.pipelineState, 'in_review'),
        or(
          isNull(documents.reviewClaimedBy),
          eq(documents.reviewClaimedBy, userId),
          lt(documents.reviewClaimExpiresAt, sql`now()`),
        ),
      ),
    )
    .orderBy(...oldestFirst(documents.createdAt, documents.id))
    .limit(1);
  return row?.id ?? null;
}
