import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import type { Database } from '@/db/client';
import type { ProviderClients } from '../lib/clients/create';

/** What every job handler gets: the database, the queue and the provider clients. */
export type JobDeps = { db: Database; pool: Pool; boss: PgBoss; clients?: ProviderClients; pendingPollMs?: number };

export function clientsOf(deps: JobDeps): ProviderClients {
  if (!deps.clients) throw new Error('provider clients are not configured for this worker');
  return deps.clients;
}
