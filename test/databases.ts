import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import pg from 'pg';
import { createDatabase } from '@/db/client';
import { runMigrations } from '@/db/migrate';

export const testServers = () => inject('databases');

/**
 * A fresh, migrated database on the given server; `drop` removes it. Each test file gets its own,
 * so tests never see each other's rows.
 */
export async function freshDatabase(serverUrl: string) {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const { db, pool } = createDatabase(url.toString(), 4);
  await runMigrations(db);
  return {
    db,
    pool,
    url: url.toString(),
    drop: async () => {
      await pool.end();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      // pg's pool.end() resolves once it has asked its clients to end, not when they have: a FORCE drop then
      // terminates a connection still closing (57P01), which reaches a client no pool listens to any more — an
      // unhandled error that failed a CI run with every test passed. So wait (briefly) for the test's own
      // connections to be gone first; FORCE remains for any a test leaked.
      for (let i = 0; i < 40; i++) {
        const { rows } = await c.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Resolves with the PostgreSQL error code a failed query carried (drizzle wraps the driver's error). */
export async function pgErrorCode(query: PromiseLike<unknown>): Promise<string | undefined> {
  try {
    await query;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as { code?: string }).code;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';

/**
 * pg-boss for a test database. Dropping the database at the end terminates pg-boss's idle connections
 * (57P01), which its pool reports as an error event; without a listener that was an unhandled error that
 * failed the run now and then. Any other error still surfaces.
 */
export async function testBoss(url: string) {
  const { createBoss } = await import('@/lib/jobs/queues');
  const boss = createBoss(url, { supervise: false, schedule: false });
  boss.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') throw error;
  });
  return boss;
}

/** A fresh database with pg-boss installed and our queues created, for job-handler tests. */
export async function freshDatabaseWithQueue(serverUrl: string) {
  const { ensureQueues } = await import('@/lib/jobs/queues');
  const t = await freshDatabase(serverUrl);
  const boss = await testBoss(t.url);
  await boss.start();
  await ensureQueues(boss);
  return {
    ...t,
    boss,
    drop: async () => {
      await boss.stop({ graceful: false, wait: true });
      await t.drop();
    },
  };
}

/** The four demo users as signed-in session users, for calling domain functions as each role. */
export async function demoSessionUsers(db: Parameters<typeof import('@/demo/seed/users').ensureDemoUsers>[0]) {
  const { ensureDemoUsers } = await import('@/demo/seed/users');
  const ids = await ensureDemoUsers(db, 'test-demo-password');
  const roles = ['admin', 'support', 'finance', 'manager'] as const;
  return Object.fromEntries(
    roles.map((role) => [role, { id: ids[role], email: `${role}@example.test`, name: role, role }]),
  ) as Record<(typeof roles)[number], import('@/lib/auth/credentials').SessionUser>;
}

type ProcessDatabase = { invoiceOpsDb?: unknown };

/**
 * Points the process database (db/client's `db` and `getPool()`, which the queries use) at a test database until
 * the returned function puts it back. For tests of code that reads through the process database.
 */
export function useAsProcessDatabase(t: { db: unknown; pool: unknown }): () => void {
  (globalThis as ProcessDatabase).invoiceOpsDb = { db: t.db, pool: t.pool };
  return () => {
    delete (globalThis as ProcessDatabase).invoiceOpsDb;
  };
}
