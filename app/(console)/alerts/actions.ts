'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction, type ActionResult } from '@/lib/actions';
import { acknowledgeAlert, resolveAlert } from '@/lib/alerts/lifecycle';

export async function acknowledgeAlertAction(id: unknown): Promise<ActionResult> {
  return runAction('alerts:manage', async (user, deps) => {
    const parsed = z.uuid().safeParse(id);
    if (!parsed.success) return { ok: false, error: 'Unknown alert' };
    const result = await acknowledgeAlert(deps, user, parsed.data);
    if (result.ok) revalidatePath('/alerts');
    return result;
  });
}

export async function resolveAlertAction(id: unknown): Promise<ActionResult> {
  return runAction('alerts:manage', async (user, deps) => {
    const parsed = z.uuid().safeParse(id);
    if (!parsed.success) return { ok: false, error: 'Unknown alert' };
    const result = await resolveAlert(deps, user, parsed.data);
    if (result.ok) revalidatePath('/alerts');
    return result;
  });
}
