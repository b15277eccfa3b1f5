import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort, startEmbeddedPostgres } from '../scripts/lib/embedded-postgres';

export type TestServer = { name: string; url: string; stop: () => Promise<void> };

export async function startEmbedded(): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'invoice-ops-embedded-'));
  const pg = await startEmbeddedPostgres(dir);
  return {
    name: 'embedded',
    url: pg.url,
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The newest PostgreSQL installed from Debian's packages, if any. */
function debianBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/**
 * A throwaway cluster of the machine's Debian PostgreSQL, reached over TCP like any external server
 * (DATABASE_URL). As root it runs as the `postgres` system user, which PostgreSQL requires.
 */
export async function startDebian(): Promise<TestServer | null> {
  const bin = debianBinDir();
  if (!bin) return null;
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' });
    } catch {
      return null;
    }
  }
  const run = (cmd: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : path.join(bin, cmd),
      asRoot ? ['-u', 'postgres', '--', path.join(bin, cmd), ...args] : args,
      { stdio: 'pipe' },
    );
  const dir = mkdtempSync(path.join(tmpdir(), 'invoice-ops-debian-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'invoice_ops']);
  return {
    name: 'debian',
    url: `postgres://postgres@127.0.0.1:${port}/invoice_ops`,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
