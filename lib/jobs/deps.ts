import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import type { Database } from '@/db/client';

/** What every job handler gets: the database, the queue, and (from the provider layer) the clients. */
export type JobDeps = { db: Database; pool: Pool; boss: PgBoss };
