import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { ActionDeps } from '@/lib/actions';
import type { ActionResult } from '@/lib/result';
import { documents, extractedFields, vendors } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/db/transaction';
import { recordAudit, recordTimeline } from '@/lib/pipeline/audit-trail';
import { createOutboundTransaction } from '@/lib/pipeline/outbound';
import { checkFieldValue, normalizeFieldValue } from './values';

export type ApproveInput = { documentId: string; values: Record<string, string> };

/**
 * Finance approves a document: the chosen value of every flagged field is checked and recorded, the
 * vendor's approved identity is updated, and the invoice goes to GoRoute — all in one transaction
 * that only succeeds while this reviewer still holds the claim.
 */
export async function approveDocument(
  deps: Pick<ActionDeps, 'pool' | 'boss'>,
  user: SessionUser,
  input: ApproveInput,
): Promise<ActionResult> {
  assertCan(user, 'review:decide');
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const fields = await tx.select().from(extractedFields).where(eq(extractedFields.documentId, input.documentId));
    const flagged = fields.filter((f) => f.reviewState === 'needs_review');
    const fieldErrors: Record<string, string[]> = {};
    for (const f of flagged) {
      const chosen = input.values[f.name];
      // A structured value (tax breakdowns) is confirmed as extracted by approving; it is not retyped.
      if (f.valueJson != null && !chosen) continue;
      const problem = chosen === undefined ? 'Pick a candidate or type a value' : checkFieldValue(f.name, chosen);
      if (problem) fieldErrors[f.name] = [problem];
    }
    if (Object.keys(fieldErrors).length > 0) return { ok: false, error: 'Some fields need a valid value', fieldErrors };

    const now = new Date();
    const [doc] = await tx
      .update(documents)
      .set({
        pipelineState: 'approved',
        stateChangedAt: now,
        updatedAt: now,
        reviewClaimedBy: null,
        reviewClaimExpiresAt: null,
      })
      .where(
        and(
          eq(documents.id, input.documentId),
          eq(documents.pipelineState, 'in_review'),
          eq(documents.reviewClaimedBy, user.id),
          gt(documents.reviewClaimExpiresAt, sql`now()`),
        ),
      )
      .returning();
    if (!doc)
      return {
        ok: false,
        error: 'You no longer hold this document (the claim expired or it was decided). Reload to see its state.',
      };

    const after: Record<string, string> = {};
    for (const f of flagged) {
      if (f.valueJson != null && !input.values[f.name]) {
        await tx
          .update(extractedFields)
          .set({ reviewState: 'approved', reviewedBy: user.id, reviewedAt: now })
          .where(eq(extractedFields.id, f.id));
        continue;
      }
      const value = normalizeFieldValue(f.name, input.values[f.name]!);
      after[f.name] = value;
      const overridden = value !== f.value;
      await tx
        .update(extractedFields)
        .set({
          approvedValue: value,
          reviewState: overridden ? 'overridden' : 'approved',
          reviewedBy: user.id,
          reviewedAt: now,
        })
        .where(eq(extractedFields.id, f.id));
      if (overridden) {
        await recordAudit(tx, {
          actor: user,
          action: 'review.field_override',
          target: { type: 'document', id: doc.id },
          before: { [f.name]: f.value, candidates: f.candidates },
          after: { [f.name]: value },
        });
      }
    }
    const final = (name: string) => after[name] ?? fields.find((f) => f.name === name)?.value ?? null;
    const identity = {
      name: final('sender_name') ?? doc.senderName ?? 'Unknown vendor',
      vatId: final('sender_vat_id'),
      iban: final('sender_iban'),
      peppolId: final('sender_peppol_id'),
    };
    const vendorId = await rememberVendor(tx, doc.vendorId, identity, user.id);
    await tx
      .update(documents)
      .set({ vendorId, grossAmount: final('gross_amount') ?? doc.grossAmount })
      .where(eq(documents.id, doc.id));
    await recordTimeline(tx, {
      documentId: doc.id,
      kind: 'human',
      title: 'Approved by finance',
      fromState: 'in_review',
      toState: 'approved',
      actorId: user.id,
      detail: { values: after },
    });
    await recordAudit(tx, {
      actor: user,
      action: 'review.approve',
      target: { type: 'document', id: doc.id },
      before: {
        state: 'in_review',
        flagged: flagged.map((f) => ({ field: f.name, value: f.value, reason: f.reviewReason })),
      },
      after: { state: 'approved', values: after },
    });
    const transactionId = await createOutboundTransaction(tx, doc.id);
    await enqueue(queues.transactionSend, { transactionId });
    return { ok: true };
  });
}

type Identity = { name: string; vatId: string | null; iban: string | null; peppolId: string | null };

/**
 * The vendor's last approved identity becomes what this person just approved. A vendor already known
 * by this VAT ID or Peppol ID is the same company: the document joins it rather than creating a clash.
 */
async function rememberVendor(
  tx: Parameters<Parameters<typeof inTransaction>[2]>[0],
  vendorId: string | null,
  identity: Identity,
  userId: string,
) {
  const now = new Date();
  const set = {
    name: identity.name,
    vatId: identity.vatId,
    iban: identity.iban,
    peppolId: identity.peppolId,
    approvedAt: now,
    approvedBy: userId,
    updatedAt: now,
  };
  const keys = [
    identity.vatId ? eq(vendors.vatId, identity.vatId) : undefined,
    identity.peppolId ? eq(vendors.peppolId, identity.peppolId) : undefined,
  ].filter(Boolean);
  const known =
    keys.length > 0
      ? await tx
          .select({ id: vendors.id })
          .from(vendors)
          .where(or(...keys))
      : [];
  const target = known.find((v) => v.id === vendorId)?.id ?? known[0]?.id ?? vendorId;
  if (target) {
    // Another row may hold one of the two identifiers while this one holds the other; keep each unique.
    const others = known.filter((v) => v.id !== target).map((v) => v.id);
    if (others.length > 0)
      await tx.update(vendors).set({ vatId: null, peppolId: null, updatedAt: now }).where(inArray(vendors.id, others));
    await tx.update(vendors).set(set).where(eq(vendors.id, target));
    return target;
  }
  const [row] = await tx
    .insert(vendors)
    .values({ ...set, country: identity.vatId?.slice(0, 2) ?? 'BE' })
    .returning({ id: vendors.id });
  return row!.id;
}
