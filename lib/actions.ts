import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { getPool } from '@/db/client';
import { getCurrentUser } from '@/lib/auth/guard';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { can, type Permission } from '@/lib/rules/permissions';
import { getBoss } from '@/lib/jobs/client';
import { withCorrelation } from '@/lib/correlation';
import { log } from '@/lib/log';

import type { ActionResult } from '@/lib/result';

export type { ActionIssue, ActionResult } from '@/lib/result';

/**
 * The frame of every server action (a public endpoint): who is calling, may they, then the work.
 * Failures come back as a typed result the UI can show; nothing internal leaks into the message.
 */
export async function runAction<T>(permission: Permission, work: (user: SessionUser) => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: 'Your session has ended. Sign in again.' };
  if (!can(user.role, permission)) return { ok: false, error: 'Your role does not allow this.' };
  try {
    return await withCorrelation(undefined, async () => {
      const result = await work(user);
      log.info({ permission, userId: user.id, ok: result.ok }, 'action');
      return result;
    });
  } catch (error) {
    // redirect(), notFound() and friends throw to tell Next.js what to do: they are answers, not failures.
    unstable_rethrow(error);
    if (error instanceof ForbiddenError) return { ok: false, error: 'Your role does not allow this.' };
    log.error({ err: error instanceof Error ? error.message : String(error), permission, userId: user.id }, 'action failed');
    return { ok: false, error: 'That did not work: the database or a provider may be unavailable. Nothing was changed; try again.' };
  }
}

export async function actionDeps() {
  return { pool: getPool(), boss: await getBoss() };
}
