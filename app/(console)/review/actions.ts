'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction, type ActionResult } from '@/lib/actions';
import { approveDocument } from '@/lib/review/approve';
import { blockDocument } from '@/lib/review/block';
import { claimForReview } from '@/lib/review/claim';

const Id = z.uuid();
// Only the shape is checked here: what the reviewer typed (values, reason) is judged by approveDocument and
// blockDocument, which answer with an error on the field.
const ApproveInput = z.object({ documentId: z.uuid(), values: z.record(z.string().max(64), z.string()) });
const BlockInput = z.object({ documentId: z.uuid(), reason: z.string() });

export async function claimReview(documentId: unknown): Promise<ActionResult<{ expiresAt: string }>> {
  return runAction('review:decide', async (user, deps) => {
    const id = Id.safeParse(documentId);
    if (!id.success) return { ok: false, error: 'Unknown document' };
    const claim = await claimForReview(deps, user, id.data);
    return claim.ok
      ? { ok: true, data: { expiresAt: claim.expiresAt.toISOString() } }
      : { ok: false, error: claim.reason };
  });
}

export async function approveReview(input: unknown): Promise<ActionResult> {
  return runAction('review:decide', async (user, deps) => {
    const parsed = ApproveInput.safeParse(input);
    if (!parsed.success) return { ok: false, error: 'The form was not understood; reload the page.' };
    const result = await approveDocument(deps, user, parsed.data);
    if (result.ok) revalidatePath('/review');
    return result;
  });
}

export async function blockReview(input: unknown): Promise<ActionResult> {
  return runAction('documents:block', async (user, deps) => {
    const parsed = BlockInput.safeParse(input);
    if (!parsed.success) return { ok: false, error: 'The form was not understood; reload the page.' };
    const result = await blockDocument(deps, user, parsed.data.documentId, parsed.data.reason);
    if (result.ok) revalidatePath('/review');
    return result;
  });
}
