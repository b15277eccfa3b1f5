'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction, type ActionResult } from '@/lib/actions';
import { updateSetting } from '@/lib/settings/update';

// Only the form's shape is checked here: what an admin typed (values, note) is judged by updateSetting, field by
// field, so a value too long or malformed gets an error beside its field rather than "form not understood".
const SaveSetting = z.object({
  key: z.string().max(64),
  values: z.record(z.string().max(64), z.union([z.string(), z.number()])),
  expectedUpdatedAt: z.string().max(64).nullable().optional(),
  note: z.string().optional(),
});

/** An admin saves one setting; updateSetting checks the role, every field and the version again. */
export async function saveSetting(input: unknown): Promise<ActionResult> {
  return runAction('settings:manage', async (user, deps) => {
    const p = SaveSetting.safeParse(input);
    if (!p.success) return { ok: false, error: 'The form was not understood; reload the page.' };
    const r = await updateSetting(deps, user, p.data.key, p.data.values, {
      expectedUpdatedAt: p.data.expectedUpdatedAt,
      note: p.data.note,
    });
    if (r.ok) {
      revalidatePath('/settings');
      // The go-live page's checklist reads these settings too.
      revalidatePath('/');
    }
    return r;
  });
}
