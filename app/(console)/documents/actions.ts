'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction, type ActionResult } from '@/lib/actions';
import { appClients } from '@/lib/clients/app';
import { fixAndResend } from '@/lib/operations/fix-and-resend';
import { resumeUploads } from '@/lib/operations/resume-uploads';
import { retryTransaction, retryUpload } from '@/lib/operations/retry';
import { blockDocument, unblockDocument } from '@/lib/review/block';

const Target = z.object({ documentId: z.uuid(), transactionId: z.uuid().optional() });
// The reason's length and characters are judged by blockDocument, which answers with an error on the field.
const Block = z.object({ documentId: z.uuid(), reason: z.string() });

const refresh = (id: string) => {
  revalidatePath(`/documents/${id}`);
  revalidatePath('/documents');
  revalidatePath('/failures');
};

export async function retrySend(input: unknown): Promise<ActionResult> {
  return runAction('transactions:retry', async (user, deps) => {
    const p = Target.safeParse(input);
    if (!p.success || !p.data.transactionId) return { ok: false, error: 'Unknown send' };
    const r = await retryTransaction(deps, user, p.data.transactionId);
    if (r.ok) refresh(p.data.documentId);
    return r;
  });
}

export async function retryDocumentUpload(input: unknown): Promise<ActionResult> {
  return runAction('documents:retry', async (user, deps) => {
    const p = Target.safeParse(input);
    if (!p.success) return { ok: false, error: 'Unknown document' };
    const r = await retryUpload(deps, user, p.data.documentId);
    if (r.ok) refresh(p.data.documentId);
    return r;
  });
}

// The pause the page showed (its start as ISO text, or null when uploads were running).
const Resume = z.object({ pausedSince: z.iso.datetime().nullable() });

export async function resumeUploadsAction(
  input: unknown,
): Promise<ActionResult<{ resumed: number; reuploaded: number }>> {
  return runAction('documents:retry', async (user, deps) => {
    const p = Resume.safeParse(input);
    if (!p.success) return { ok: false, error: 'The form was not understood; reload the page.' };
    const r = await resumeUploads(deps, user, p.data.pausedSince);
    if (r.ok) {
      revalidatePath('/');
      revalidatePath('/documents');
      revalidatePath('/failures');
      revalidatePath('/alerts');
    }
    return r;
  });
}

export async function blockFromDocument(input: unknown): Promise<ActionResult> {
  return runAction('documents:block', async (user, deps) => {
    const p = Block.safeParse(input);
    if (!p.success) return { ok: false, error: 'The form was not understood; reload the page.' };
    const r = await blockDocument(deps, user, p.data.documentId, p.data.reason);
    if (r.ok) refresh(p.data.documentId);
    return r;
  });
}

export async function unblockFromDocument(input: unknown): Promise<ActionResult> {
  return runAction('documents:block', async (user, deps) => {
    const p = Target.safeParse(input);
    if (!p.success) return { ok: false, error: 'Unknown document' };
    const r = await unblockDocument(deps, user, p.data.documentId);
    if (r.ok) refresh(p.data.documentId);
    return r;
  });
}

// Each value is judged by fixAndResend (checkFieldValue), which answers per field.
const Fix = z.object({ documentId: z.uuid(), values: z.record(z.string().max(64), z.string()) });

/** What the person is told: whether GoRoute validated the corrected invoice before it was queued. */
export async function fixAndResendDocument(input: unknown): Promise<ActionResult<{ message: string }>> {
  return runAction('documents:fix', async (user, deps) => {
    const p = Fix.safeParse(input);
    if (!p.success) return { ok: false, error: 'The form was not understood; reload the page.' };
    const r = await fixAndResend({ ...deps, goroute: gorouteOrNull() }, user, p.data);
    if (!r.ok) return r;
    refresh(p.data.documentId);
    return { ok: true, data: { message: r.message } };
  });
}

/** A console without GoRoute configured still takes the fix; the worker validates before it sends, and the answer says so. */
function gorouteOrNull() {
  try {
    return appClients().goroute;
  } catch {
    return null;
  }
}
