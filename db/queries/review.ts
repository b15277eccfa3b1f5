import { asc, eq, sql } from 'drizzle-orm';
import { db } from '../client';
import { documents, extractedFields, users, vendors } from '../schema';
import { PAGE_SIZE } from '@/lib/pagination';

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
    .orderBy(asc(documents.createdAt), asc(documents.id))
    .limit(PAGE_SIZE);
}
