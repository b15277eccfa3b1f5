/**
 * `npm run bench [-- --only <name>[,<name>…]] [--quick] [--runs N] [--out FILE]`: every benchmark module
 * `bench/*.bench.ts` against a production build of the console and the database filled by `npm run seed:scale`
 * (found like `npm start` finds it: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR). A full run writes
 * BENCHMARKS.md; `--only` and `--quick` write DATA_DIR/bench/BENCHMARKS.md instead unless `--out` says otherwise.
 * Exits 1 when any budget is missed or a benchmark fails.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { EnvError, parseStartEnv } from '@/lib/env';
import { findDatabase } from '@/scripts/lib/find-database';
import { drained } from './lib/queue';
import { renderReport, verdicts, type Machine, type ModuleReport } from './lib/report';
import { ensureBuild, nextauthSecret, startStack, type RunningStack } from './lib/stack';
import type { BenchContext, BenchModule } from './lib/types';

const say = (line: string) => console.log(`[bench] ${line}`);

function parseArgs(argv: string[]) {
  const args = { only: [] as string[], quick: false, runs: 3, out: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a.startsWith('--only')) args.only.push(...value().split(',').filter(Boolean));
    else if (a.startsWith('--runs')) args.runs = Number(value());
    else if (a.startsWith('--out')) args.out = value();
    else throw new Error(`unknown argument ${a} (usage: bench [--only name[,name]] [--quick] [--runs N] [--out FILE])`);
  }
  if (!(Number.isInteger(args.runs) && args.runs >= 3))
    throw new Error('--runs must be an integer ≥ 3 (every figure is measured at least 3 times)');
  return args;
}

async function loadModules(dir: string): Promise<BenchModule[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts'));
  const modules: BenchModule[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as {
      default?: BenchModule;
    } & Partial<BenchModule>;
    const m = mod.default ?? (mod as BenchModule);
    if (typeof m.name !== 'string' || typeof m.run !== 'function')
      throw new Error(`bench/${f} exports no { name, run }`);
    modules.push({ ...m, title: m.title || m.name, method: m.method || '' });
  }
  return modules.sort((a, b) => (a.order ?? 50) - (b.order ?? 50) || a.name.localeCompare(b.name));
}

async function machine(pool: pg.Pool): Promise<Machine> {
  const cpus = os.cpus();
  const { rows } = await pool.query<{ server_version: string }>('show server_version');
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    postgres: rows[0]?.server_version ?? 'unknown',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** Exact row counts (the bench may count; the console never does on its hot path) and the seed:scale runs. */
async function dataVolume(pool: pg.Pool): Promise<{ lines: string[]; transactions: number }> {
  const tables = ['documents', 'transactions', 'webhook_deliveries', 'api_calls', 'audit_log', 'timeline_events'];
  const counts: Record<string, number> = {};
  for (const t of tables)
    counts[t] = Number((await pool.query<{ n: string }>(`select count(*) as n from ${t}`)).rows[0]?.n ?? 0);
  const marker = await pool.query<{ value: { runs?: { scale?: number; status?: string; seed?: number }[] } }>(
    `select value from settings where key = 'scale_data'`,
  );
  const runs = marker.rows[0]?.value.runs ?? [];
  const lines = [
    '| table | rows |',
    '|---|--:|',
    ...tables.map((t) => `| ${t} | ${counts[t]!.toLocaleString('en-US')} |`),
    '',
    runs.length
      ? `Loaded by \`npm run seed:scale\`: ${runs.map((r) => `scale ${r.scale} (seed ${r.seed}, ${r.status})`).join('; ')}.`
      : "No `npm run seed:scale` data in this database: the figures below are not measured at the budgets' volume.",
  ];
  if (counts.transactions! < 1_000_000)
    lines.push(
      '',
      `**Smaller than the budgets' volume** (docs/budgets.md: 1,000,000 transactions, 1,000,000 webhook deliveries, 200,000 documents).`,
    );
  return { lines, transactions: counts.transactions! };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // eslint-disable-next-line no-restricted-properties -- the stack starts from the same variables as `npm start`
  const environment: Record<string, string | undefined> = { ...process.env };
  const start = parseStartEnv(environment);
  const root = process.cwd();
  const dataDir = path.resolve(start.DATA_DIR);
  const workDir = path.join(dataDir, 'bench');
  mkdirSync(workDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const t0 = performance.now();

  const all = await loadModules(path.join(root, 'bench'));
  const unknown = args.only.filter((n) => !all.some((m) => m.name === n));
  if (unknown.length)
    throw new Error(`no benchmark named ${unknown.join(', ')} (there are: ${all.map((m) => m.name).join(', ')})`);
  const modules = args.only.length ? all.filter((m) => args.only.includes(m.name)) : all;
  say(`Benchmarks: ${modules.map((m) => m.name).join(', ')}${args.quick ? ' (quick)' : ''}.`);

  const database = await findDatabase(start.DATABASE_URL, dataDir);
  say(`Database: ${database.where}.`);
  const pool = new pg.Pool({
    connectionString: database.url,
    max: 4,
    application_name: 'invoice-ops-bench',
    options: '-c jit=off',
  });
  pool.on('error', () => {});
  let stack: RunningStack | undefined;
  let starting: Promise<RunningStack> | undefined;
  const reports: ModuleReport[] = [];
  let exit = 0;
  // Ctrl-C / SIGTERM: stop what this run started (the stack, an embedded database) before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping …`);
      void Promise.resolve(starting?.catch(() => undefined))
        .then(() => stack?.stop())
        .then(() => database.stop?.())
        .finally(() => process.exit(130));
    });
  }
  try {
    const [info, volume] = [await machine(pool), await dataVolume(pool)];
    say(
      `${info.cpu}, ${info.cores} cores, PostgreSQL ${info.postgres}; ${volume.transactions.toLocaleString('en-US')} transactions.`,
    );
    const built = await ensureBuild(
      { ...environment, DATABASE_URL: database.url, NEXTAUTH_SECRET: nextauthSecret(dataDir, environment) },
      path.join(workDir, `build-${stamp}.log`),
      say,
    );
    say(built === 'built' ? 'Production build done.' : 'The production build is up to date.');

    const ctx: BenchContext = {
      quick: args.quick,
      runs: args.runs,
      databaseUrl: database.url,
      pool,
      root,
      workDir,
      log: (line) => say(`  ${line}`),
      stack: () => {
        starting ??= (async () => {
          if (!start.DEMO_PASSWORD)
            throw new Error(
              'DEMO_PASSWORD is required: the benchmarks sign in as the demo admin (the stack applies DEMO_PASSWORD to the demo users at start, as `npm start` does).',
            );
          stack = await startStack({
            databaseUrl: database.url,
            dataDir,
            demoPassword: start.DEMO_PASSWORD,
            workers: start.WORKERS,
            gorouteRatePerSecond: 50,
            env: environment,
            logFile: path.join(workDir, `stack-${stamp}.log`),
            log: say,
          });
          say(`Stack up at ${stack.baseUrl}; signed in as admin@example.test.`);
          // The first benchmark too starts from an idle worker: jobs a previous run or `npm start` left due run first.
          const left = await drained(pool, 10 * 60_000);
          say(
            left > 10 ? `(the worker still has ${left} jobs due after 10 min; going on)` : 'The worker has no backlog.',
          );
          return stack;
        })();
        return starting;
      },
    };

    for (const m of modules) {
      // Each benchmark starts from an idle stack: what the previous one left the worker to do is done first.
      if (stack) {
        const left = await drained(pool, 10 * 60_000);
        if (left > 10) say(`(the worker still has ${left} jobs due after 10 min; going on)`);
      }
      say(`▶ ${m.name}`);
      const m0 = performance.now();
      try {
        const output = await m.run(ctx);
        const bad = output.results.filter((r) => r.runs.length < 3 || r.runs.some((v) => !Number.isFinite(v)));
        if (bad.length)
          throw new Error(`figures with fewer than 3 runs or non-numeric values: ${bad.map((r) => r.id).join(', ')}`);
        reports.push({ module: m, output, seconds: (performance.now() - m0) / 1000 });
        const { missed } = verdicts([reports.at(-1)!]);
        say(
          `  ${output.results.length} figure(s), ${missed.length} over budget (${Math.round((performance.now() - m0) / 1000)} s).`,
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        reports.push({ module: m, error: message, seconds: (performance.now() - m0) / 1000 });
        say(`  FAILED: ${message}`);
      }
    }

    const partial = args.quick || args.only.length > 0;
    const out = path.resolve(
      args.out ?? (partial ? path.join(workDir, 'BENCHMARKS.md') : path.join(root, 'BENCHMARKS.md')),
    );
    const flags = [
      ...(args.only.length ? [`--only ${args.only.join(',')}`] : []),
      ...(args.quick ? ['--quick'] : []),
      ...(args.runs !== 3 ? [`--runs ${args.runs}`] : []),
    ];
    writeFileSync(
      out,
      renderReport({
        machine: info,
        data: volume.lines,
        reports,
        flags,
        totalSeconds: (performance.now() - t0) / 1000,
      }),
    );
    const { rows, missed, errors } = verdicts(reports);
    say(
      `${rows.length - missed.length} of ${rows.length} figures within budget${errors.length ? `, ${errors.length} benchmark(s) failed` : ''}. Report: ${path.relative(root, out) || out}`,
    );
    for (const m of missed)
      say(
        `  MISS ${m.result.id}: median ${m.median.toFixed(1)} ${m.result.unit} (budget ${m.result.budget.op} ${m.result.budget.value})`,
      );
    if (missed.length || errors.length) exit = 1;
  } finally {
    if (starting) await starting.catch(() => {});
    await stack?.stop();
    await pool.end();
    await database.stop?.();
  }
  process.exit(exit);
}

main().catch((error: unknown) => {
  console.error(
    `[bench] ${error instanceof EnvError ? error.message : `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}`,
  );
  process.exit(1);
});
