import { recordAudit } from '@/lib/pipeline/audit-trail';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ActionDeps } from '@/lib/actions';
import { settings } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { issueMessages, personText } from '@/lib/validation/text';
import { editableSettings, isEditableSettingKey } from './schemas';

export type UpdateResult = { ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/** Form fields arrive as text: a plain decimal becomes a number, anything else stays text so it is refused. */
function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return t;
  // Hundreds of digits overflow to Infinity, which zod calls "not a number"; kept finite, the limit check names the
  // bound.
  const n = Number(t);
  return Number.isFinite(n) ? n : Math.sign(n) * Number.MAX_VALUE;
}

/** zod's issues in words an admin understands, per field; a schema's own message (a limit with its unit) wins over these. */
function fieldMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') return issue.expected === 'int' ? 'Whole numbers only' : 'Enter a number';
  if (issue.code === 'too_small')
    return `Must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big') return `Must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
  return undefined;
}

const Note = personText({ max: 500 }).optional();

/**
 * An admin changes one setting. Every field of the setting must be given and valid; the write is
 * conditional on the version the admin saw (when given), so a concurrent edit is not silently overwritten;
 * the audit row records before and after in the same transaction.
 */
export async function updateSetting(
  deps: Pick<ActionDeps, 'db'>,
  user: SessionUser,
  key: string,
  value: unknown,
  opts: { expectedUpdatedAt?: string | null; note?: string | null } = {},
): Promise<UpdateResult> {
  assertCan(user, 'settings:manage');
  if (!isEditableSettingKey(key)) return { ok: false, error: 'This setting cannot be changed here.' };
  const schema = editableSettings[key];
  const input = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const fields = Object.keys(schema.shape);
  const fieldErrors: Record<string, string[]> = {};
  for (const f of fields)
    if (input[f] === undefined || input[f] === null || input[f] === '') fieldErrors[f] = ['Required'];
  const parsed = schema.safeParse(Object.fromEntries(fields.map((f) => [f, toNumber(input[f])])), {
    error: fieldMessage,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const f = String(issue.path[0]);
      if (!fieldErrors[f]) fieldErrors[f] = [issue.message];
    }
  }
  const noteText = Note.safeParse(opts.note ?? undefined);
  if (!noteText.success) fieldErrors.note = issueMessages(noteText.error);
  if (!parsed.success || !noteText.success || Object.keys(fieldErrors).length > 0)
    return { ok: false, error: 'Check the highlighted fields; nothing was saved.', fieldErrors };
  const next = parsed.data as Record<string, unknown>;
  const note = noteText.data || null;
  const expected = opts.expectedUpdatedAt ? new Date(opts.expectedUpdatedAt) : null;
  if (expected && Number.isNaN(expected.getTime()))
    return { ok: false, error: 'The form was not understood; reload the page.' };

  return deps.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ value: settings.value, updatedAt: settings.updatedAt })
      .from(settings)
      .where(eq(settings.key, key))
      .for('update');
    const now = new Date();
    if (before) {
      const [row] = await tx
        .update(settings)
        .set({ value: next, updatedBy: user.id, updatedAt: now })
        // Timestamps compared to the millisecond: a JavaScript Date cannot carry PostgreSQL's microseconds.
        .where(
          and(
            eq(settings.key, key),
            expected
              ? sql`date_trunc('milliseconds', ${settings.updatedAt}) = ${expected.toISOString()}::timestamptz`
              : undefined,
          ),
        )
        .returning({ key: settings.key });
      if (!row)
        return {
          ok: false as const,
          error: 'Someone changed this setting after you opened the page. Reload to see their values, then try again.',
        };
    } else {
      const inserted = await tx
        .insert(settings)
        .values({ key, value: next, updatedBy: user.id, updatedAt: now })
        .onConflictDoNothing()
        .returning({ key: settings.key });
      if (inserted.length === 0)
        return { ok: false as const, error: 'Someone saved this setting at the same moment. Reload and try again.' };
    }
    await recordAudit(tx, {
      actor: user,
      action: 'settings.update',
      target: { type: 'settings', id: key },
      before: before?.value ?? null,
      after: next,
      note,
    });
    return { ok: true as const };
  });
}
