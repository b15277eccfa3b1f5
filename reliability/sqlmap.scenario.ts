// sqlmap (Debian's package) against every filter and search parameter, signed in as admin. Full run only: a
// bounded sqlmap pass over 13 endpoints takes minutes, too long for the CI subset, which runs the hand-written
// sql-injection scenario instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { probe, seconds, table } from './lib/http-probe';
import { rowSet, sqlTargets, type ParamKind } from './lib/sql-targets';
import type { Scenario } from './lib/types';

// Realistic starting values: sqlmap compares its payloads' answers with the answer to these.
const start: Record<ParamKind, string> = { enum: 'x', day: '2026-01-01', cursor: 'x', text: 'a' };
const PER_TARGET_MS = 6 * 60_000;

/** Runs sqlmap; its output is saved with the session cookie's values blanked (sqlmap echoes the Cookie header). */
function sqlmap(
  args: string[],
  logFile: string,
  redact: string[],
): Promise<{ code: number | null; out: string; timedOut: boolean }> {
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
      writeFileSync(
        logFile,
        redact.reduce((text, v) => text.replaceAll(v, '[session cookie]'), out),
      );
      resolve({ code, out, timedOut });
    });
  });
}

type Claim = { parameter: string; type: string; payload: string };

/** The injection points sqlmap reports ("Parameter: x (GET) / Type: … / Payload: <query string>"). */
function injectionPoints(out: string): Claim[] {
  const claims: Claim[] = [];
  for (const block of out.split(/^Parameter: /m).slice(1)) {
    const parameter = /^(\S+)/.exec(block)?.[1] ?? '?';
    for (const m of block.matchAll(/Type: (.+)\n\s*Title: .+\n\s*Payload: (.+)/g))
      claims.push({ parameter, type: m[1]!.trim(), payload: m[2]!.trim() });
  }
  return claims;
}

/**
 * A boolean-blind injection means the "true" payload (`AND 8735=8735`) and the "false" one (`AND 8735=8736`)
 * give different answers. The console's pages carry per-request nonces and relative times, which sqlmap's
 * page comparison can mistake for that difference; here the two payloads are sent again and the rows they show
 * compared. Any other kind of claim stands as a failure.
 */
async function confirm(
  c: Claim,
  url: string,
  cookie: string,
  workDir: string,
): Promise<'disproved' | 'confirmed' | 'not checkable'> {
  const m = /(\d+)=\1(?!\d)/.exec(c.payload);
  if (!/boolean-based/i.test(c.type) || !m) return 'not checkable';
  const falsePayload = c.payload.replace(m[0], `${m[1]}=${Number(m[1]) + 1}`);
  const q = (payload: string) => `${url}?${new URLSearchParams([...new URLSearchParams(payload)])}`;
  const [t, f] = [
    await probe(workDir, 'confirm-true', q(c.payload), { headers: { cookie } }),
    await probe(workDir, 'confirm-false', q(falsePayload), { headers: { cookie } }),
  ];
  const path = new URL(url).pathname;
  return t.status === f.status && rowSet(path, t.text) === rowSet(path, f.text) ? 'disproved' : 'confirmed';
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
      return {
        figures: [],
        failures: [
          "sqlmap is not installed: this scenario (full run only) needs Debian's sqlmap — `apt-get install -y sqlmap`",
        ],
      };
    }
    const version = spawnSync('sqlmap', ['--version'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
    const stack = await ctx.stack();
    const cookie = await stack.cookie('admin');
    const cookieValues = cookie
      .split('; ')
      .map((pair) => pair.slice(pair.indexOf('=') + 1))
      .filter((v) => v.length >= 16);
    const outDir = path.join(ctx.workDir, 'sqlmap');
    mkdirSync(outDir, { recursive: true });
    const failures: string[] = [];
    const rows: string[][] = [];
    const disproved: string[] = [];
    for (const target of sqlTargets) {
      const tt = performance.now();
      const params = Object.entries(target.params);
      const url = `${stack.baseUrl}${target.path}?${new URLSearchParams(params.map(([p, k]) => [p, start[k]]))}`;
      const args = [
        '-u',
        url,
        '--cookie',
        cookie,
        '-p',
        params.map(([p]) => p).join(','),
        '--batch',
        '--level',
        '1',
        '--risk',
        '1',
        '--dbms',
        'PostgreSQL',
        '--technique',
        'BEUST',
        '--time-sec',
        '2',
        // Pages carry a fresh CSP nonce per request: compare text only, so the nonce is not mistaken for a reaction.
        '--text-only',
        '--threads',
        '2',
        '--timeout',
        '30',
        '--retries',
        '1',
        // Bounded: a noisy page can make sqlmap "find" a column count and widen its UNION search for minutes;
        // 1–10 columns and no second pass with random integers keep each endpoint to about a minute.
        '--union-cols',
        '1-10',
        '--answers',
        'random integer=N,keep testing=Y',
        '--flush-session',
        '--output-dir',
        outDir,
        '--disable-coloring',
      ];
      const run = await sqlmap(
        args,
        path.join(outDir, `${target.path.replace(/[^\w]+/g, '_') || 'root'}.log`),
        cookieValues,
      );
      // sqlmap keeps its command line, cookie included, in <output>/<host>/target.txt.
      const targetFile = path.join(outDir, new URL(stack.baseUrl).hostname, 'target.txt');
      if (existsSync(targetFile))
        writeFileSync(
          targetFile,
          cookieValues.reduce((t, v) => t.replaceAll(v, '[session cookie]'), readFileSync(targetFile, 'utf8')),
        );
      // Only sqlmap's confirmed verdict counts ("appears to be injectable" lines are often withdrawn), and a
      // boolean-blind claim is checked once more here (see confirm below).
      const claims = injectionPoints(run.out);
      const real: string[] = [];
      for (const c of claims) {
        const verdict = await confirm(c, `${stack.baseUrl}${target.path}`, cookie, ctx.workDir);
        ctx.log(`${target.path} ${c.parameter} (${c.type}): ${verdict}`);
        if (verdict === 'disproved') disproved.push(`${target.path} ${c.parameter}: ${c.type}`);
        else real.push(`${c.parameter} (${c.type}): ${verdict}`);
      }
      const clean = claims.length > 0 || /all tested parameters do not appear to be injectable/i.test(run.out);
      const verdict = run.timedOut
        ? 'timed out'
        : real.length
          ? `INJECTABLE: ${real.join('; ')}`
          : !clean
            ? 'inconclusive'
            : claims.length
              ? `nothing (${claims.length} claim(s) disproved)`
              : 'nothing found';
      if (!verdict.startsWith('nothing'))
        failures.push(
          `sqlmap on ${target.path} (${params.map(([p]) => p).join(', ')}): ${verdict}; see ${path.relative(ctx.workDir, outDir)}`,
        );
      rows.push([target.path, params.map(([p]) => p).join(', '), verdict, seconds(performance.now() - tt)]);
      ctx.log(`${target.path}: ${verdict} (${seconds(performance.now() - tt)})`);
    }
    ctx.log(`\n${table(['endpoint', 'parameters', 'sqlmap', 'time'], rows)}`);
    return {
      figures: [
        { label: 'sqlmap', value: `${version}, level 1, risk 1, techniques BEUST, PostgreSQL` },
        {
          label: 'endpoints / parameters tested',
          value: `${sqlTargets.length} / ${sqlTargets.reduce((n, t) => n + Object.keys(t.params).length, 0)}`,
        },
        {
          label: 'endpoints with a confirmed injection',
          value: String(rows.filter((r) => r[2]!.startsWith('INJECTABLE')).length),
        },
        {
          label: 'sqlmap boolean-blind claims disproved (true and false payloads show the same rows)',
          value: disproved.length ? disproved.join('; ') : '0',
        },
        { label: 'run time', value: seconds(performance.now() - t0) },
      ],
      failures,
    };
  },
} satisfies Scenario;
