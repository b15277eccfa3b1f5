import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './client';

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/** Applies every committed migration not yet applied; safe to run on every start and from several processes. */
export async function runMigrations(db: Database) {
  await migrate(db, { migrationsFolder });
}
