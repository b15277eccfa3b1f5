/**
 * `npm run test:reliability [-- --only <name>[,<name>…]] [--fast]`: every scenario module
 * `reliability/*.scenario.ts` against the real stack on localhost — a production build, PostgreSQL (DATABASE_URL,
 * or the embedded cluster under DATA_DIR, as `npm start` finds it), the provider sandbox and the job workers.
 * Each scenario works in databases of its own, created for the run and dropped after it. `--fast` runs the CI
 * subset (scenarios marked `fast`) with smaller volumes and compressed time. Prints each scenario's figures and
 * a summary, scans everything the run wrote for secret values, and exits 1 when anything failed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild, nextauthSecret } from '@/bench/lib/stack';
import { EnvError, parseStartEnv } from '@/lib/env';
import { createScratchDatabase, openServer, type ScratchDatabase } from './lib/database';
import { maskSecret, scanForSecrets, SECRET_VARIABLES, urlPassword } from './lib/secret-scan';
import { sharedStack } from './lib/shared-stack';
import { printSummary, type Outcome } from './lib/summary';
import type { Scenario, ScenarioContext } from './lib/types';

const say = (line: string) => console.log(`[reliability] ${line}`);

function parseArgs(argv: string[]) {
  const args = { only: [] as string[], fast: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--fast') args.fast = true;
    else if (a.startsWith('--only')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error('--only needs a value');
      args.only.push(...v.split(',').filter(Boolean));
    } else throw new Error(`unknown argument ${a} (usage: test:reliability [--only name[,name]] [--fast])`);
  }
  return args;
}

async function loadScenarios(dir: string): Promise<Scenario[]> {
  const list: Scenario[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.scenario.ts'))
    .sort()) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default?: Scenario };
    const s = mod.default;
    if (!s || typeof s.name !== 'string' || typeof s.run !== 'function')
      throw new Error(`reliability/${f} exports no default { name, run }`);
    list.push(s);
  }
  return list;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  // eslint-disable-next-line no-restricted-properties -- stacks start from the same variables as `npm start`
  const environment: Record<string, string | undefined> = { ...process.env };
  const start = parseStartEnv(environment);
  const root = process.cwd();
  const dataDir = path.resolve(start.DATA_DIR);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const workDir = path.join(dataDir, 'reliability', stamp);
  // Credentials start.ts generates live beside workDir, not in it: the scan is for what the system wrote.
  const keysDir = path.join(dataDir, 'reliability', `.keys-${stamp}`);
  mkdirSync(workDir, { recursive: true });
  const t0 = performance.now();

  const all = await loadScenarios(path.join(root, 'reliability'));
  const unknown = args.only.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length)
    throw new Error(`no scenario named ${unknown.join(', ')} (there are: ${all.map((s) => s.name).join(', ')})`);
  const scenarios = all.filter((s) => (args.only.length ? args.only.includes(s.name) : !args.fast || s.fast));
  say(
    `Scenarios${args.fast ? ' (fast)' : ''}: ${scenarios.map((s) => s.name).join(', ') || 'none'}. Output in ${path.relative(root, workDir)}.`,
  );

  const secrets = new Set<string>();
  const secret = (v: string) => {
    if (v) secrets.add(v);
  };
  for (const name of SECRET_VARIABLES) secret(environment[name] ?? '');
  // The demo users' password: DEMO_PASSWORD, or one made for this run (the run's databases are seeded with it).
  const demoPassword = start.DEMO_PASSWORD ?? randomBytes(12).toString('base64url');
  secret(demoPassword);

  const server = await openServer(start.DATABASE_URL, dataDir);
  say(`PostgreSQL: ${server.where}.`);
  secret(urlPassword(server.url) ?? '');
  const databases: ScratchDatabase[] = [];
  const freshDatabase = async (label: string) => {
    const db = await createScratchDatabase(server.url, label);
    databases.push(db);
    return db;
  };
  const authSecret = nextauthSecret(dataDir, environment);
  secret(authSecret);
  const stack = sharedStack({
    env: environment,
    keysDir,
    logFile: path.join(workDir, 'stack.log'),
    demoPassword,
    nextauthSecret: authSecret,
    database: () => freshDatabase('stack'),
    secret,
    log: say,
  });

  const outcomes: Outcome[] = [];
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      say(`${signal}: stopping what this run started …`);
      void stack
        .stop()
        .then(() => Promise.all(databases.map((d) => d.drop().catch(() => {}))))
        .then(() => server.stop?.())
        .finally(() => process.exit(130));
    });
  }
  try {
    if (scenarios.length > 0) {
      const built = await ensureBuild(
        { ...environment, DATABASE_URL: server.url, NEXTAUTH_SECRET: authSecret },
        path.join(workDir, 'build.log'),
        say,
      );
      say(built === 'built' ? 'Production build done.' : 'The production build is up to date.');
    }
    for (const s of scenarios) {
      if (interrupted) break;
      say(`▶ ${s.name}: ${s.title}`);
      const ctx: ScenarioContext = {
        fast: args.fast,
        root,
        workDir,
        stack: stack.get,
        log: (line) => say(`  ${line}`),
        secret,
        freshDatabase,
        env: environment,
        demoPassword,
      };
      const s0 = performance.now();
      try {
        const result = await s.run(ctx);
        outcomes.push({
          scenario: s,
          seconds: (performance.now() - s0) / 1000,
          figures: result.figures,
          failures: result.failures,
        });
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        outcomes.push({
          scenario: s,
          seconds: (performance.now() - s0) / 1000,
          figures: [],
          failures: [`threw: ${message}`],
        });
      }
      const o = outcomes.at(-1)!;
      for (const f of o.figures) say(`  ${f.label}: ${f.value}`);
      for (const f of o.failures) say(`  FAIL ${f}`);
      say(`  ${o.failures.length ? 'FAILED' : 'passed'} in ${Math.round(o.seconds)} s`);
    }
  } finally {
    await stack.stop();
    for (const db of databases)
      await db
        .drop()
        .catch((e: unknown) => say(`could not drop ${db.name}: ${e instanceof Error ? e.message : String(e)}`));
    await server.stop?.();
    rmSync(keysDir, { recursive: true, force: true });
  }

  // Everything the run wrote, for every secret it knows of.
  const scan = await scanForSecrets(workDir, secrets);
  for (const l of scan.leaks) say(`SECRET LEAK: ${maskSecret(l.secret)} in ${path.relative(root, l.file)}:${l.line}`);
  say(
    `Secret scan: ${scan.files} files, ${(scan.bytes / 1e6).toFixed(1)} MB, ${secrets.size} secret values: ${scan.leaks.length ? `${scan.leaks.length} leak(s)` : 'none found'}.`,
  );
  const failed = printSummary(outcomes, scan.leaks.length, (performance.now() - t0) / 1000, say);
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(
    `[reliability] ${error instanceof EnvError ? error.message : `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}`,
  );
  process.exit(1);
});
