// sqlmap (Debian's package) against every filter and search parameter, signed in as admin. Full run only: a
// bounded sqlmap pass over 13 endpoints takes minutes, too long for the CI subset, which runs the hand-written
// sql-injection scenario instead.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seconds, table } from './lib/http-probe';
import { sqlTargets, type ParamKind } from './lib/sql-targets';
import type { Scenario } from './lib/types';

// Realistic starting values: sqlmap compares its payloads' answers with the answer to these.
const start: Record<ParamKind, string> = { enum: 'x', day: '2026-01-01', cursor: 'x', text: 'a' };
const PER_TARGET_MS = 6 * 60_000;

function sqlmap(args: string[], logFile: string): Promise<{ code: number | null; out: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn('sqlmap', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, PER_TARGET_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      writeFileSync(logFile, out);
      resolve({ code, out, timedOut });
    });
  });
}

export default {
  name: 'sqlmap',
  title: 'sqlmap finds no injectable parameter',
  proves:
    'sqlmap (boolean, error, union, stacked and time-based techniques against PostgreSQL, level 1, risk 1) finds no injectable parameter among every filter and search parameter of the list pages, the search box and the CSV export.',
  fast: false,
  run: async (ctx) => {
    const t0 = performance.now();
    if (spawnSync('sh', ['-c', 'command -v sqlmap']).status !== 0) {
      return { figures: [], failures: ['sqlmap is not installed: this scenario (full run only) needs Debian\'s sqlmap — `apt-get install -y sqlmap`'] };
    }
    const version = spawnSync('sqlmap', ['--version'], { encoding: 'utf8' }).stdout.trim();
    const stack = await ctx.stack();
    const cookie = await stack.cookie('admin');
    const outDir = path.join(ctx.workDir, 'sqlmap');
    mkdirSync(outDir, { recursive: true });
    const failures: string[] = [];
    const rows: string[][] = [];
    for (const target of sqlTargets) {
      const tt = performance.now();
      const params = Object.entries(target.params);
      const url = `${stack.baseUrl}${target.path}?${new URLSearchParams(params.map(([p, k]) => [p, start[k]]))}`;
      const args = [
        '-u', url, '--cookie', cookie, '-p', params.map(([p]) => p).join(','),
        '--batch', '--level', '1', '--risk', '1', '--dbms', 'PostgreSQL', '--technique', 'BEUST', '--time-sec', '2',
        // Pages carry a fresh CSP nonce per request: compare text only, so the nonce is not mistaken for a reaction.
        '--text-only', '--threads', '2', '--timeout', '30', '--retries', '1',
        // Bounded: a noisy page can make sqlmap "find" a column count and widen its UNION search for minutes;
        // 1–10 columns and no second pass with random integers keep each endpoint to about a minute.
        '--union-cols', '1-10', '--answers', 'random integer=N',
        '--flush-session', '--output-dir', outDir, '--disable-coloring',
      ];
      const run = await sqlmap(args, path.join(outDir, `${target.path.replace(/[^\w]+/g, '_') || 'root'}.log`));
      // Only sqlmap's confirmed verdict counts: its "appears to be injectable" lines are often withdrawn as false positives.
      const found = /identified the following injection point/i.test(run.out);
      const clean = /all tested parameters do not appear to be injectable/i.test(run.out);
      const verdict = run.timedOut ? 'timed out' : found ? 'INJECTABLE' : clean ? 'nothing found' : 'inconclusive';
      if (verdict !== 'nothing found') failures.push(`sqlmap on ${target.path} (${params.map(([p]) => p).join(', ')}): ${verdict}; see ${path.relative(ctx.workDir, outDir)}`);
      rows.push([target.path, params.map(([p]) => p).join(', '), verdict, seconds(performance.now() - tt)]);
      ctx.log(`${target.path}: ${verdict} (${seconds(performance.now() - tt)})`);
    }
    ctx.log(`\n${table(['endpoint', 'parameters', 'sqlmap', 'time'], rows)}`);
    return {
      figures: [
        { label: 'sqlmap', value: `${version}, level 1, risk 1, techniques BEUST, PostgreSQL` },
        { label: 'endpoints / parameters tested', value: `${sqlTargets.length} / ${sqlTargets.reduce((n, t) => n + Object.keys(t.params).length, 0)}` },
        { label: 'injectable parameters found', value: String(rows.filter((r) => r[2] === 'INJECTABLE').length) },
        { label: 'run time', value: seconds(performance.now() - t0) },
      ],
      failures,
    };
  },
} satisfies Scenario;
