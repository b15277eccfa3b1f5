import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { auditLog, documents, extractedFields, timelineEvents, transactions } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/lib/jobs/transaction';
import { createOutboundTransaction } from '@/lib/pipeline/outbound';
import type { DecisionResult } from '@/lib/review/approve';
import { checkFieldValue, normalizeFieldValue } from '@/lib/review/values';

/** The fields that make up the e-invoice, and so the ones a person may correct before a resend. */
export const fixableFields = ['document_number', 'issue_date', 'due_date', 'currency', 'gross_amount', 'sender_name', 'sender_vat_id', 'sender_iban', 'sender_peppol_id', 'recipient_name', 'recipient_vat_id', 'recipient_peppol_id'] as const;

export type FixInput = { documentId: string; values: Record<string, string> };

/**
 * A permanently failed send (validation, unknown receiver…) is corrected by a person: the changed
 * fields are recorded, the UBL rebuilt from them, and a new send with its own idempotency key queued
 * (it is revalidated before it goes). The failed send stays on record.
 */
export async function fixAndResend(deps: { pool: Pool; boss: PgBoss }, user: SessionUser, input: FixInput): Promise<DecisionResult> {
  assertCan(user, 'documents:fix');
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(input.values)) {
    if (!(fixableFields as readonly string[]).includes(name)) fieldErrors[name] = ['This field cannot be changed here'];
    else if (name !== 'due_date' || value.trim() !== '') {
      const problem = checkFieldValue(name, value);
      if (problem) fieldErrors[name] = [problem];
    }
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, error: 'Some values are not valid', fieldErrors };

  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    // Only while the document's latest send has failed and nothing newer is on its way.
    const [doc] = await tx.select().from(documents).where(and(eq(documents.id, input.documentId), inArray(documents.pipelineState, ['send_failed', 'dead_letter'])));
    if (!doc) return { ok: false, error: 'Only a document whose send failed can be fixed and resent.' };
    const [open] = await tx.select({ n: count() }).from(transactions).where(and(eq(transactions.documentId, doc.id), inArray(transactions.status, ['queued', 'pending', 'processing', 'sending'])));
    if ((open?.n ?? 0) > 0) return { ok: false, error: 'A send of this document is already on its way.' };
    const fields = await tx.select().from(extractedFields).where(eq(extractedFields.documentId, doc.id));
    const changed: Record<string, { before: string | null; after: string }> = {};
    for (const [name, raw] of Object.entries(input.values)) {
      const value = normalizeFieldValue(name, raw);
      const f = fields.find((x) => x.name === name);
      const current = f?.approvedValue ?? f?.value ?? null;
      if (value === current || (value === '' && current === null)) continue;
      changed[name] = { before: current, after: value };
      if (f) await tx.update(extractedFields).set({ approvedValue: value, reviewState: 'overridden', reviewedBy: user.id, reviewedAt: new Date() }).where(eq(extractedFields.id, f.id));
      else await tx.insert(extractedFields).values({ documentId: doc.id, name, value: null, approvedValue: value, category: 'other', reviewState: 'overridden', reviewedBy: user.id, reviewedAt: new Date() });
    }
    const [sends] = await tx.select({ n: count() }).from(transactions).where(eq(transactions.documentId, doc.id));
    await tx.update(transactions).set({ lastErrorRetryable: false }).where(and(eq(transactions.documentId, doc.id), eq(transactions.status, 'failed'), isNull(transactions.deadLetteredAt)));
    const transactionId = await createOutboundTransaction(tx, doc.id, sends?.n ?? 1);
    await tx.insert(timelineEvents).values({ documentId: doc.id, transactionId, kind: 'human', title: `Fixed and resent (${Object.keys(changed).join(', ') || 'no field changed'})`, actorId: user.id, detail: changed });
    await tx.insert(auditLog).values({ actorId: user.id, actorEmail: user.email, action: 'transaction.resend', targetType: 'document', targetId: doc.id, before: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.before])), after: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.after])) });
    await enqueue(queues.transactionSend, { transactionId });
    return { ok: true };
  });
}
