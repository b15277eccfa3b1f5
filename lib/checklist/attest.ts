import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionDeps } from '@/lib/actions';
import { auditLog, checklistAttestations } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { personText } from '@/lib/validation/text';
import { manualItemIds } from './items';

const AttestInput = z.object({
  // Only items no data can prove: an evaluated item's status comes from the data, never from a person.
  itemId: z.string().refine((id) => manualItemIds.has(id), 'Not a checklist item that needs a person to tick it'),
  done: z.boolean(),
  note: personText({ max: 500 }).min(3, 'Say what was done, at least 3 characters'),
});
type AttestInput = z.infer<typeof AttestInput>;

export type AttestResult = { ok: true } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/** An admin ticks (or unticks) a manual readiness item with a note; the audit row commits with it. */
export async function attestItem(
  deps: Pick<ActionDeps, 'db'>,
  user: SessionUser,
  input: unknown,
): Promise<AttestResult> {
  assertCan(user, 'checklist:attest');
  const parsed = AttestInput.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: 'Check the highlighted fields.', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const { itemId, done, note } = parsed.data;
  return deps.db.transaction(async (tx) => {
    // Row lock: two admins ticking the same item at once each get an audit row with the true "before".
    const [before] = await tx
      .select({ done: checklistAttestations.done, note: checklistAttestations.note })
      .from(checklistAttestations)
      .where(eq(checklistAttestations.itemId, itemId))
      .for('update');
    const now = new Date();
    await tx
      .insert(checklistAttestations)
      .values({ itemId, done, note, attestedBy: user.id, attestedAt: now })
      .onConflictDoUpdate({
        target: checklistAttestations.itemId,
        set: { done, note, attestedBy: user.id, attestedAt: now },
      });
    await tx.insert(auditLog).values({
      actorId: user.id,
      actorEmail: user.email,
      action: 'checklist.attest',
      targetType: 'checklist',
      targetId: itemId,
      before: before ?? null,
      after: { done, note },
      note,
    });
    return { ok: true as const };
  });
}
