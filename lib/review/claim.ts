import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { ActionDeps } from '@/lib/actions';
import { documents, users } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { recordAudit } from '@/lib/pipeline/audit-trail';

const CLAIM_MINUTES = 10;

export type ClaimResult =
  { ok: true; expiresAt: Date } | { ok: false; heldBy: string | null; expiresAt: Date | null; reason: string };

/**
 * Opening a document for review claims it for CLAIM_MINUTES: one conditional UPDATE, so of two
 * reviewers opening it at once exactly one wins; the other sees who holds it. An expired claim is free.
 */
export async function claimForReview(
  deps: Pick<ActionDeps, 'db'>,
  user: SessionUser,
  documentId: string,
): Promise<ClaimResult> {
  assertCan(user, 'review:decide');
  // The claim and its audit row commit together.
  const claimed = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(documents)
      .set({ reviewClaimedBy: user.id, reviewClaimExpiresAt: sql`now() + make_interval(mins => ${CLAIM_MINUTES})` })
      .where(
        and(
          eq(documents.id, documentId),
          eq(documents.pipelineState, 'in_review'),
          or(
            isNull(documents.reviewClaimedBy),
            eq(documents.reviewClaimedBy, user.id),
            lt(documents.reviewClaimExpiresAt, sql`now()`),
          ),
        ),
      )
      .returning({ expiresAt: documents.reviewClaimExpiresAt });
    if (rows[0]?.expiresAt)
      await recordAudit(tx, { actor: user, action: 'review.claim', target: { type: 'document', id: documentId } });
    return rows;
  });
  if (claimed[0]?.expiresAt) return { ok: true, expiresAt: claimed[0].expiresAt };
  const [doc] = await deps.db
    .select({ state: documents.pipelineState, heldBy: users.name, expiresAt: documents.reviewClaimExpiresAt })
    .from(documents)
    .leftJoin(users, eq(users.id, documents.reviewClaimedBy))
    .where(eq(documents.id, documentId));
  if (!doc) return { ok: false, heldBy: null, expiresAt: null, reason: 'This document does not exist' };
  if (doc.state !== 'in_review')
    return {
      ok: false,
      heldBy: null,
      expiresAt: null,
      reason: `This document is no longer waiting for review (${doc.state.replaceAll('_', ' ')})`,
    };
  return {
    ok: false,
    heldBy: doc.heldBy,
    expiresAt: doc.expiresAt,
    reason: `${doc.heldBy ?? 'Another reviewer'} is reviewing this document`,
  };
}
