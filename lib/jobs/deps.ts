import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import type { Database } from '@/db/client';
import type { Providers } from './providers';

/** What every job handler gets: the database, the queue and the provider clients. */
export type JobDeps = { db: Database; pool: Pool; boss: PgBoss; providers?: Providers; pendingPollMs?: number };

export function providersOf(deps: JobDeps): Providers {
  if (!deps.providers) throw new Error('provider clients are not configured for this worker');
  return deps.providers;
}
