// Finds the database the way `npm start` and `npm run seed:scale` do: DATABASE_URL, else the embedded
// PostgreSQL under DATA_DIR — the running one when `npm start` is up, otherwise started for the run.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@/scripts/lib/embedded-postgres';

export type BenchDatabase = { url: string; where: string; stop?: () => Promise<void> };

async function reachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function findDatabase(databaseUrl: string | undefined, dataDir: string): Promise<BenchDatabase> {
  if (databaseUrl) return { url: databaseUrl, where: 'DATABASE_URL' };
  const dir = path.join(dataDir, 'postgres');
  const cluster = path.join(dir, 'cluster');
  if (!existsSync(path.join(cluster, 'PG_VERSION'))) {
    throw new Error(`No database: set DATABASE_URL, or run \`npm start\` once (then \`npm run seed:scale\`) so the embedded one exists in ${dir}.`);
  }
  const pidFile = path.join(cluster, 'postmaster.pid');
  if (existsSync(pidFile)) {
    // postmaster.pid, line 4: the port the running server listens on.
    const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
    const password = readFileSync(path.join(dir, 'password'), 'utf8').trim();
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/invoice_ops`;
    if (port > 0 && (await reachable(url))) return { url, where: `the running embedded PostgreSQL (${path.relative(process.cwd(), dir) || dir}, port ${port})` };
  }
  const running = await startEmbeddedPostgres(dir);
  return { url: running.url, where: `the embedded PostgreSQL in ${path.relative(process.cwd(), dir) || dir} (started for this run)`, stop: running.stop };
}
