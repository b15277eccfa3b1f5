'use server';

import { revalidatePath } from 'next/cache';
import { errorCategories } from '@/db/schema/enums';
import { runAction, type ActionResult } from '@/lib/actions';
import { bulkRetry } from '@/lib/operations/bulk-retry';

export async function bulkRetryFailures(category: unknown): Promise<ActionResult<{ count: number }>> {
  return runAction('transactions:retry', async (user, deps) => {
    const c = category == null || category === '' ? undefined : errorCategories.find((x) => x === category);
    if (category && !c) return { ok: false, error: 'Unknown category' };
    const result = await bulkRetry(deps, user, c);
    revalidatePath('/failures');
    return { ok: true, data: { count: result.count } };
  });
}
