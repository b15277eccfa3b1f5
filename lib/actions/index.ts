import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { db, getPool, type Database } from '@/db/client';
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
 * What a server action hands the domain operation it calls: the app's database (drizzle), its pool (for
 * `inTransaction`, where state changes and the jobs they queue commit together) and its pg-boss (a cached
 * per-process singleton, lib/jobs/app-boss.ts).
 *
 * The one convention: `runAction` builds these and passes them to the work, and every domain operation takes
 * its dependencies as its FIRST parameter, one object typed as a `Pick<ActionDeps, …>` of what it uses (never a
 * bare `db`), e.g. `claimForReview(deps, user, id)`. Anything else an operation needs (a provider client) is
 * another field of that object, built in the action: `fixAndResend({ ...deps, goroute: gorouteOrNull() }, …)`.
 */
export type ActionDeps = { db: Database; pool: Pool; boss: PgBoss };

async function actionDeps(): Promise<ActionDeps> {
  return { db, pool: getPool(), boss: await getBoss() };
}

/**
 * The frame of every server action (a public endpoint): who is calling, may they, then the work, which gets the
 * caller and the dependencies (ActionDeps) to hand its domain operation:
 * `runAction('x:y', async (user, deps) => op(deps, user, …))`.
 * Failures come back as a typed result the UI can show; nothing internal leaks into the message.
 */
export async function runAction<T>(
  permission: Permission,
  work: (user: SessionUser, deps: ActionDeps) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: 'Your session has ended. Sign in again.' };
  if (!can(user.role, permission)) return { ok: false, error: 'Your role does not allow this.' };
  try {
    return await withCorrelation(undefined, async () => {
      // Inside the try: a queue that cannot start (database down) is a failure like any other, reported the same way.
      const result = await work(user, await actionDeps());
      log.info({ permission, userId: user.id, ok: result.ok }, 'action');
      return result;
    });
  } catch (error) {
    // redirect(), notFound() and friends throw to tell Next.js what to do: they are answers, not failures.
    unstable_rethrow(error);
    if (error instanceof ForbiddenError) return { ok: false, error: 'Your role does not allow this.' };
    log.error(
      { err: error instanceof Error ? error.message : String(error), permission, userId: user.id },
      'action failed',
    );
    return {
      ok: false,
      error: 'That did not work: the database or a provider may be unavailable. Nothing was changed; try again.',
    };
  }
}
