'use server';

import { revalidatePath } from 'next/cache';
import { runAction, type ActionResult } from '@/lib/actions';
import { attestItem } from '@/lib/checklist/attest';

/** An admin ticks or unticks a manual readiness item; attestItem checks the role and the input again. */
export async function attestChecklistItem(input: unknown): Promise<ActionResult> {
  return runAction('checklist:attest', async (user, deps) => {
    const result = await attestItem(deps, user, input);
    if (result.ok) revalidatePath('/');
    return result;
  });
}
