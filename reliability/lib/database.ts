// Databases for a reliability run. Every scenario works in a database of its own, created for the run in
// the PostgreSQL server `npm start` would use (DATABASE_URL, or the embedded cluster under DATA_DIR), so it
// never touches the data people work with and leaves nothing behind. pg-restart brings its own cluster
// (./postgres.ts): restarting a shared server would pull it from under everyone else.
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { findDatabase, type FoundDatabase } from '@/scripts/lib/find-database';
import { createDatabase } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { ensureDemoUsers } from '@/demo/seed/users';
import { createBoss, ensureQueues } from '@/lib/jobs/queues';
import { startEmbeddedPostgres } from '@/scripts/lib/embedded-postgres';

export type Server = FoundDatabase;

/** The server `npm start` uses; on a machine where `npm start` never ran, its embedded cluster is created now. */
export async function openServer(databaseUrl: string | undefined, dataDir: string): Promise<Server> {
  const dir = path.join(dataDir, 'postgres');
  if (databaseUrl || existsSync(path.join(dir, 'cluster', 'PG_VERSION'))) return findDatabase(databaseUrl, dataDir);
  const running = await startEmbeddedPostgres(dir);
  return {
    url: running.url,
    where: `the embedded PostgreSQL in ${path.relative(process.cwd(), dir)} (created for this run)`,
    stop: running.stop,
  };
}

export type ScratchDatabase = { url: string; name: string; drop: () => Promise<void> };

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A new, empty database on the server of `serverUrl`; `drop` removes it (force: stray connections too). */
export async function createScratchDatabase(serverUrl: string, label: string): Promise<ScratchDatabase> {
  const name = `rel_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${Date.now().toString(36)}`;
  await withClient(serverUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withClient(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/**
 * What scripts/start.ts does before it starts anything, minus the demo data: migrations, the demo users
 * (with this run's password) and the job queues.
 */
export async function prepareDatabase(url: string, demoPassword: string) {
  const { db, pool } = createDatabase(url, 2);
  try {
    await runMigrations(db);
    await ensureDemoUsers(db, demoPassword);
  } finally {
    await pool.end();
  }
  const boss = createBoss(url, { supervise: false, schedule: false, max: 2 });
  boss.on('error', () => {});
  await boss.start();
  await ensureQueues(boss);
  await boss.stop({ graceful: false, wait: true });
}

/** A small pool for a scenario's own reads and setup writes (never the path under test). */
export function scenarioPool(url: string, max = 4) {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'invoice-ops-reliability' });
  // The database may be restarted under us (pg-restart); a dropped idle client must not crash the runner.
  pool.on('error', () => {});
  return pool;
}

export async function count(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}
