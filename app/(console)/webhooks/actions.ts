'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction, type ActionResult } from '@/lib/actions';
import { reprocessDelivery } from '@/lib/operations/reprocess';

export async function reprocessWebhook(id: unknown): Promise<ActionResult> {
  return runAction('webhooks:reprocess', async (user, deps) => {
    const parsed = z.uuid().safeParse(id);
    if (!parsed.success) return { ok: false, error: 'Unknown delivery' };
    const result = await reprocessDelivery(deps, user, parsed.data);
    if (result.ok) revalidatePath(`/webhooks/${parsed.data}`);
    return result;
  });
}
