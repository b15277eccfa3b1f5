// Extracted fields and the review step: auto-approval when nothing that moves money, tax or vendor identity
// is uncertain; otherwise the review queue, where finance approves (or overrides) and support may block.
import type { PipelineState } from '@/db/schema';
import { vatFor, type Company } from '@/demo/world/companies';
import type { DocState } from './doc-state';
import { buildFields } from './fields';
import type { Rng } from '@/demo/world/prng';
import { HOUR, MINUTE, type SeedContext, type Story } from './story';

/** Returns true when the document goes on to be sent (approved), false when it stays in review or blocked. */
export function runReview(
  ctx: SeedContext,
  rng: Rng,
  s: Story,
  d: DocState,
  customers: Company[],
  move: (to: PipelineState, detail?: Record<string, unknown>) => void,
): boolean {
  const { plan } = d;
  const issues = plan.issues ?? [];
  const reviewed = plan.review === 'reviewed' || plan.review === 'reviewed_override';
  const reviewAt = reviewed
    ? plan.approveAt !== undefined
      ? Math.max(plan.approveAt, s.t + MINUTE)
      : s.t + rng.int(10 * MINUTE, 5 * HOUR)
    : 0;
  const other = customers.find((c) => c.country === d.supplier.country && c.vatId !== d.supplier.vatId);
  const result = buildFields(ctx, rng, {
    documentId: d.id,
    supplier: d.supplier,
    recipient: d.recipient,
    amounts: d.amounts,
    invoiceNumber: d.invoiceNumber,
    issueDate: d.issueDate,
    dueDate: d.dueDate,
    createdAt: s.date,
    issues,
    review: reviewed
      ? { mode: 'reviewed', reviewedAt: new Date(reviewAt), override: plan.review === 'reviewed_override' }
      : issues.length > 0
        ? { mode: 'pending' }
        : { mode: 'auto' },
    otherVatId: other && rng.chance(0.5) ? other.vatId : vatFor(rng, d.supplier.country).vatId,
  });
  ctx.data.extractedFields.push(...result.fields);
  d.grossAmount = result.grossAmount;

  if (issues.length === 0) {
    s.system('Auto-approved: no money, tax or vendor-identity field needs review');
    move('approved', { auto: true });
  } else {
    move('in_review', { reasons: result.reasons });
    s.system(`Review needed: ${result.reasons.join('; ')}`, { reasons: result.reasons });
    if (plan.review === 'claimed' || plan.review === 'claim_expired') {
      const claimAt = plan.review === 'claimed' ? ctx.now - rng.int(1, 4) * MINUTE : ctx.now - rng.int(40, 70) * MINUTE;
      s.waitUntil(claimAt);
      s.human('finance', 'Claimed for review', { action: 'review.claim', targetType: 'document', targetId: d.id });
      d.claim = { by: ctx.actors.finance, expiresAt: new Date(claimAt + 10 * MINUTE) };
    }
    if (plan.review === 'pending' || plan.review === 'claimed' || plan.review === 'claim_expired') return false;
    if (plan.review === 'blocked') {
      s.waitUntil(Math.min(s.t + rng.int(20 * MINUTE, 6 * HOUR), ctx.now - 5 * MINUTE));
      s.human('support', `Blocked: ${plan.blockReason}`, {
        action: 'document.block',
        targetType: 'document',
        targetId: d.id,
        before: { pipeline_state: 'in_review' },
        after: { pipeline_state: 'blocked' },
        note: plan.blockReason,
      });
      d.blocked = { reason: plan.blockReason!, by: ctx.actors.support, at: s.date };
      move('blocked', { reason: plan.blockReason });
      return false;
    }
    s.waitUntil(reviewAt - 2 * MINUTE);
    for (const o of result.overrides) {
      s.human('finance', `Set ${o.field} to ${o.after}`, {
        action: 'review.field_override',
        targetType: 'document',
        targetId: d.id,
        before: { field: o.field, value: o.before },
        after: { field: o.field, value: o.after },
        note:
          o.before === null
            ? 'Value was missing; picked the candidate matching the PDF'
            : 'Picked the candidate matching the PDF total',
      });
      s.wait(rng.int(5_000, 40_000));
    }
    s.waitUntil(reviewAt);
    s.human('finance', 'Approved after review', {
      action: 'review.approve',
      targetType: 'document',
      targetId: d.id,
      before: {
        pipeline_state: 'in_review',
        gross_amount: result.fields.find((f) => f.name === 'gross_amount')?.value ?? null,
      },
      after: { pipeline_state: 'approved', gross_amount: d.grossAmount },
    });
    move('approved', { reviewedBy: ctx.email('finance') });
  }

  return true;
}
