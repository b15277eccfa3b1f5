import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { documents, extractedFields, transactions } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { ActionDeps } from '@/lib/actions';
import type { SessionUser } from '@/lib/auth/credentials';
import type { GoRouteClient } from '@/lib/goroute';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/db/transaction';
import { recordAudit, recordTimeline } from '@/lib/pipeline/audit-trail';
import { createOutboundTransaction, invoiceData } from '@/lib/pipeline/outbound';
import { buildInvoiceXml } from '@/lib/pipeline/ubl';
import { ProviderError } from '@/lib/provider-http/errors';
import { checkFieldValue, normalizeFieldValue } from '@/lib/review/values';
import { FIXABLE_STATES } from '@/lib/rules/documents';
import { failedSend } from '@/lib/rules/sends';
import { isFixableField, mapIssues, type FixIssue } from './fix-fields';

export type FixInput = { documentId: string; values: Record<string, string> };
/** The action's pool and queue, and GoRoute's validate endpoint (null where this process has no GoRoute client), built by the action. */
export type FixDeps = Pick<ActionDeps, 'pool' | 'boss'> & { goroute: Pick<GoRouteClient, 'validate'> | null };
export type FixResult =
  | { ok: true; validated: boolean; message: string }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]>; issues?: FixIssue[] };

type Tx = Parameters<Parameters<typeof inTransaction>[2]>[0];
type Plan = {
  doc: typeof documents.$inferSelect;
  changed: Record<string, { before: string | null; after: string }>;
  ublXml: string | null;
  problems: { rule: string; location: string; message: string }[];
};

/**
 * A failed send (validation, unknown receiver…) is corrected by a person: the corrected invoice is built and
 * validated by GoRoute first; while it still breaks a rule nothing is saved or sent, and the person gets the
 * rules on the fields that feed them. Once valid, the changed fields are recorded, and a new send with its own
 * idempotency key queued (the worker validates again before it sends). The failed send stays on record.
 * When GoRoute cannot be asked (down, not configured), the correction is saved and queued all the same and the
 * person is told so: the worker validates before sending, and a failure then shows on the document.
 */
export async function fixAndResend(deps: FixDeps, user: SessionUser, input: FixInput): Promise<FixResult> {
  assertCan(user, 'documents:fix');
  const fieldErrors = checkValues(input.values);
  if (fieldErrors) return { ok: false, error: 'Some values are not valid', fieldErrors };

  const plan = await inTransaction(deps.pool, deps.boss, (tx) => planFix(tx, input));
  if ('error' in plan) return { ok: false, error: plan.error };
  if (!plan.ublXml)
    return refused(
      'The corrected invoice cannot be built: a field it needs is missing. Nothing was sent.',
      plan.problems,
    );
  const verdict = await validate(deps.goroute, plan.ublXml, input.documentId);
  if (verdict.kind === 'invalid') {
    await inTransaction(deps.pool, deps.boss, (tx) =>
      recordTimeline(tx, {
        documentId: input.documentId,
        kind: 'human',
        title: `Fix not sent: GoRoute validation still fails (${verdict.issues.map((i) => i.rule).join(', ')})`,
        actorId: user.id,
        detail: { fields: Object.keys(plan.changed), errors: verdict.issues },
      }),
    );
    return refused(
      `GoRoute's validation still fails (${verdict.issues.length} rule${verdict.issues.length === 1 ? '' : 's'}). Nothing was saved or sent; correct the values and try again.`,
      verdict.issues,
    );
  }
  return commit(deps, user, input, verdict.kind === 'valid' ? plan.ublXml : null, verdict.reason);
}

function checkValues(values: Record<string, string>): Record<string, string[]> | null {
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(values)) {
    if (!isFixableField(name)) fieldErrors[name] = ['This field cannot be changed here'];
    else if (name !== 'due_date' || value.trim() !== '') {
      const problem = checkFieldValue(name, value);
      if (problem) fieldErrors[name] = [problem];
    }
  }
  return Object.keys(fieldErrors).length > 0 ? fieldErrors : null;
}

function refused(error: string, raw: { rule: string | null; location: string | null; message: string }[]): FixResult {
  const { issues, fieldErrors } = mapIssues(raw);
  return { ok: false, error, fieldErrors, issues };
}

/**
 * What the fix would change and the invoice it would send, read (or, in `commit`, re-read under the lock) from
 * the document as it is: only while its latest send has failed and nothing newer is on its way.
 */
async function planFix(tx: Tx, input: FixInput, lock = false): Promise<Plan | { error: string }> {
  const query = tx
    .select()
    .from(documents)
    .where(and(eq(documents.id, input.documentId), inArray(documents.pipelineState, [...FIXABLE_STATES])));
  const [doc] = lock ? await query.for('update') : await query;
  if (!doc) return { error: 'Only a document whose send failed can be fixed and resent.' };
  const [open] = await tx
    .select({ n: count() })
    .from(transactions)
    .where(
      and(
        eq(transactions.documentId, doc.id),
        inArray(transactions.status, ['queued', 'pending', 'processing', 'sending']),
      ),
    );
  if ((open?.n ?? 0) > 0) return { error: 'A send of this document is already on its way.' };
  const fields = await tx.select().from(extractedFields).where(eq(extractedFields.documentId, doc.id));
  const merged = Object.fromEntries(
    fields.map((f) => [f.name, { value: f.approvedValue ?? f.value, json: f.valueJson }]),
  );
  const changed: Plan['changed'] = {};
  for (const [name, raw] of Object.entries(input.values)) {
    const value = normalizeFieldValue(name, raw);
    const current = merged[name]?.value ?? null;
    if (value === current || (value === '' && current === null)) continue;
    changed[name] = { before: current, after: value };
    merged[name] = { value, json: merged[name]?.json ?? null };
  }
  const { data, problems } = invoiceData(merged);
  return { doc, changed, ublXml: data ? buildInvoiceXml(data) : null, problems };
}

type Verdict =
  | { kind: 'valid'; reason: null }
  | { kind: 'invalid'; issues: { rule: string | null; location: string | null; message: string }[] }
  | { kind: 'unchecked'; reason: string };

async function validate(goroute: FixDeps['goroute'], ublXml: string, documentId: string): Promise<Verdict> {
  if (!goroute) return { kind: 'unchecked', reason: 'GoRoute is not configured here' };
  try {
    const report = await goroute.validate(ublXml, { documentId });
    return report.valid ? { kind: 'valid', reason: null } : { kind: 'invalid', issues: report.errors };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return {
      kind: 'unchecked',
      reason: `GoRoute could not be reached to validate it (${error.code ?? (error.httpStatus ? `HTTP ${error.httpStatus}` : 'no response')})`,
    };
  }
}

/** Records the correction and queues the new send, if the document is still as planned; says what happened. */
async function commit(
  deps: FixDeps,
  user: SessionUser,
  input: FixInput,
  validatedUbl: string | null,
  uncheckedReason: string | null,
): Promise<FixResult> {
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const plan = await planFix(tx, input, true);
    if ('error' in plan) return { ok: false, error: plan.error };
    const { doc, changed } = plan;
    await saveFields(tx, doc.id, changed, user);
    const [sends] = await tx.select({ n: count() }).from(transactions).where(eq(transactions.documentId, doc.id));
    await tx
      .update(transactions)
      .set({ lastErrorRetryable: false })
      .where(and(eq(transactions.documentId, doc.id), failedSend, isNull(transactions.deadLetteredAt)));
    const transactionId = await createOutboundTransaction(tx, doc.id, sends?.n ?? 1);
    // What GoRoute validated is what goes: the fields cannot have moved under the lock, but say so only if true.
    const [txn] = await tx
      .select({ ublXml: transactions.ublXml })
      .from(transactions)
      .where(eq(transactions.id, transactionId));
    const validated = validatedUbl !== null && txn?.ublXml === validatedUbl;
    const fields = Object.keys(changed).join(', ') || 'no field changed';
    await recordTimeline(tx, {
      documentId: doc.id,
      transactionId,
      kind: 'human',
      title: `Fixed and resent (${fields})${validated ? ', validated by GoRoute' : ''}`,
      actorId: user.id,
      detail: changed,
    });
    await recordAudit(tx, {
      actor: user,
      action: 'transaction.resend',
      target: { type: 'document', id: doc.id },
      before: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.before])),
      after: Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.after])),
      note: validated ? 'validated by GoRoute before queueing' : uncheckedReason,
    });
    await enqueue(queues.transactionSend, { transactionId });
    const message = validated
      ? 'Validated by GoRoute and queued for sending with a new idempotency key.'
      : `${uncheckedReason ?? 'Not validated yet'}: your correction is saved and the invoice is queued with a new idempotency key. It is validated before it is sent; a failure then shows on this page.`;
    return { ok: true, validated, message };
  });
}

async function saveFields(tx: Tx, documentId: string, changed: Plan['changed'], user: SessionUser) {
  const now = new Date();
  const existing = new Set(
    (
      await tx
        .select({ name: extractedFields.name })
        .from(extractedFields)
        .where(eq(extractedFields.documentId, documentId))
    ).map((f) => f.name),
  );
  for (const [name, { after }] of Object.entries(changed)) {
    const set = { approvedValue: after, reviewState: 'overridden' as const, reviewedBy: user.id, reviewedAt: now };
    if (existing.has(name))
      await tx
        .update(extractedFields)
        .set(set)
        .where(and(eq(extractedFields.documentId, documentId), eq(extractedFields.name, name)));
    else await tx.insert(extractedFields).values({ documentId, name, value: null, category: 'other', ...set });
  }
}
