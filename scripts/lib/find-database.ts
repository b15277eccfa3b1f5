// Finds the database the way `npm start` does: DATABASE_URL, else the embedded PostgreSQL under DATA_DIR —
// the running one when `npm start` is up, otherwise started for the caller (which stops it after).
// Used by `npm run seed:scale` and `npm run bench`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

export type FoundDatabase = { url: string; where: string; stop?: () => Promise<void> };

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

const shown = (dir: string) =>
  path.relative(process.cwd(), dir).startsWith('..') ? dir : path.relative(process.cwd(), dir) || dir;

export async function findDatabase(databaseUrl: string | undefined, dataDir: string): Promise<FoundDatabase> {
  if (databaseUrl) return { url: databaseUrl, where: 'DATABASE_URL' };
  const dir = path.join(path.resolve(dataDir), 'postgres');
  const cluster = path.join(dir, 'cluster');
  if (!existsSync(path.join(cluster, 'PG_VERSION'))) {
    throw new Error(`No database: set DATABASE_URL, or run \`npm start\` once so the embedded one exists in ${dir}.`);
  }
  const pidFile = path.join(cluster, 'postmaster.pid');
  if (existsSync(pidFile)) {
    // postmaster.pid, line 4: the port the running server listens on.
    const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
    const password = readFileSync(path.join(dir, 'password'), 'utf8').trim();
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/invoice_ops`;
    if (port > 0 && (await reachable(url)))
      return { url, where: `the running embedded PostgreSQL (${shown(dir)}, port ${port})` };
  }
  const running = await startEmbeddedPostgres(dir);
  return {
    url: running.url,
    where: `the embedded PostgreSQL in ${shown(dir)} (started for this run)`,
    stop: running.stop,
  };
}
