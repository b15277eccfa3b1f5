import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './lib/embedded-postgres';

const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');

function start(env: Record<string, string>) {
  return spawnSync(tsx, ['scripts/start.ts'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe('npm start', () => {
  it('stops at once on a malformed variable, naming it', () => {
    const result = start({ PORT: 'eighty', DATA_DIR: '/nonexistent-should-not-be-created' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid environment');
    expect(result.stderr).toContain('PORT');
  });

  it('names an unreachable external database instead of hanging', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'invoice-ops-start-'));
    try {
      const result = start({ DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none', DATA_DIR: dir });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/Start-up failed: .*(ECONNREFUSED|connect)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('embedded PostgreSQL', () => {
  it('keeps its data across restarts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'invoice-ops-persist-'));
    try {
      const first = await startEmbeddedPostgres(dir);
      const c1 = new pg.Client({ connectionString: first.url });
      await c1.connect();
      await c1.query('create table kept (v text)');
      await c1.query(`insert into kept values ('still here')`);
      await c1.end();
      await first.stop();

      const second = await startEmbeddedPostgres(dir);
      const c2 = new pg.Client({ connectionString: second.url });
      await c2.connect();
      const { rows } = await c2.query('select v from kept');
      await c2.end();
      await second.stop();
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
