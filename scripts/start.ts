/**
 * `npm start`: the supervisor. Database up → migrations → demo data on first run → queues → provider
 * sandbox (unless real providers are configured) → build if needed → production server → worker(s) →
 * prints the URL and the demo logins. SIGINT/SIGTERM stop everything it started, PostgreSQL last.
 * `npm run dev` does the same with `next dev` instead of build + start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import exitHook from 'async-exit-hook';
import { createDatabase } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { demoUsers, seedOnFirstRun } from '@/demo/seed';
import { EnvError, parseEnv, parseStartEnv } from '@/lib/env';
import { createBoss, ensureQueues } from '@/lib/jobs/queues';
import { startEmbeddedPostgres, type RunningPostgres } from './lib/embedded-postgres';
import { buildIsStale, exitCode, runNext, runScript, stopChild, waitForHealthy } from './lib/processes';
import { adoptInFlight, keepPromises } from './lib/in-flight';
import { planProviders } from './lib/provider-env';

const dev = process.argv.includes('--dev');
const say = (line: string) => console.log(`[invoice-ops] ${line}`);

async function readOrCreateSecret(file: string) {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

const children: ChildProcess[] = [];
let embedded: RunningPostgres | undefined;
let stopping = false;

// Runs on SIGINT, SIGTERM and exit, alongside embedded-postgres's own hook that stops the database.
exitHook((done) => {
  stopping = true;
  Promise.all(children.map((c) => stopChild(c)))
    .then(() => embedded?.stop())
    .catch(() => {})
    .finally(done);
});

/** A child whose unexpected exit takes the whole console down, so nothing runs half-started. */
function supervise(name: string, child: ChildProcess) {
  children.push(child);
  child.once('exit', (code) => {
    if (stopping) return;
    say(`The ${name} exited unexpectedly (code ${code}); stopping.`);
    process.exit(code || 1);
  });
  return child;
}

async function main() {
  const start = parseStartEnv(process.env);
  const dataDir = path.resolve(start.DATA_DIR);
  await mkdir(dataDir, { recursive: true, mode: 0o755 });

  let databaseUrl = start.DATABASE_URL;
  if (databaseUrl) {
    say('Using the PostgreSQL server at DATABASE_URL.');
  } else {
    const t0 = Date.now();
    embedded = await startEmbeddedPostgres(path.join(dataDir, 'postgres'));
    databaseUrl = embedded.url;
    say(
      `Embedded PostgreSQL is up (${Date.now() - t0} ms, data in ${path.relative(process.cwd(), dataDir) || '.'}/postgres).`,
    );
  }

  const { db, pool } = createDatabase(databaseUrl, 2);
  await runMigrations(db);
  const seed = await seedOnFirstRun(db, start.DEMO_PASSWORD);
  if (seed.firstRun)
    say(
      `Demo data created: ${seed.counts.documents} documents, ${seed.counts.transactions} transactions, ${seed.counts.webhookDeliveries} webhook deliveries.`,
    );
  const boss = createBoss(databaseUrl, { supervise: false, schedule: false });
  await boss.start();
  await ensureQueues(boss);
  // What the pages say automation will do next gets a job that does it (scripts/lib/in-flight.ts).
  const promised = await keepPromises(db, boss);
  if (promised.uploads + promised.sends > 0)
    say(`Jobs queued for work waiting on automation: ${promised.uploads} uploads, ${promised.sends} sends.`);
  await boss.stop({ graceful: false, wait: true });

  const port = start.PORT;
  const providers = await planProviders(start, dataDir, port);
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...providers.env,
    NODE_ENV: dev ? 'development' : 'production',
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: start.NEXTAUTH_SECRET ?? (await readOrCreateSecret(path.join(dataDir, 'nextauth-secret'))),
    NEXTAUTH_URL: start.NEXTAUTH_URL ?? `http://localhost:${port}`,
    PORT: String(port),
  };
  parseEnv(childEnv); // the app's own check, before a 30-second build

  if (providers.sandbox) {
    supervise('provider sandbox', runScript('sandbox/main.ts', { ...process.env, ...providers.sandbox.env }));
    await waitForHealthy(`http://127.0.0.1:${providers.sandbox.port}/_control/state`, 30_000, children.at(-1)!);
    say(`Provider sandbox is up on port ${providers.sandbox.port} (GoRoute and exdata, test mode).`);
    const adopted = await adoptInFlight(db, `http://127.0.0.1:${providers.sandbox.port}/_control`);
    if (adopted.exdata + adopted.goroute > 0)
      say(
        `The sandbox took over what the console was waiting on: ${adopted.exdata} documents, ${adopted.goroute} sends.`,
      );
  }
  await pool.end();
  if (!dev && buildIsStale()) {
    say('Building the console (next build)…');
    const code = await exitCode(runNext(['build'], childEnv));
    if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  }
  if (stopping) return;
  // Production: scripts/server.ts, which answers webhooks itself and hands the rest to Next.js.
  const server = supervise(
    'web server',
    dev ? runNext(['dev', '-p', String(port)], childEnv) : runScript('scripts/server.ts', childEnv),
  );
  await waitForHealthy(`http://127.0.0.1:${port}/api/health`, 120_000, server);
  for (let i = 0; i < start.WORKERS; i++) supervise('worker', runScript('scripts/worker.ts', childEnv));

  console.log('');
  say(`Invoice Ops is ready at ${childEnv.NEXTAUTH_URL}`);
  say('Demo logins (one per role):');
  for (const u of demoUsers) say(`  ${u.role.padEnd(8)} ${u.email}`);
  if (seed.firstRun && seed.passwordGenerated) {
    say(`  password: ${seed.password}   (generated now and shown only this once; set DEMO_PASSWORD to choose one)`);
  } else if (seed.firstRun || seed.passwordReset) {
    say('  password: the value of DEMO_PASSWORD');
  } else {
    say('  password: the one printed at first start (set DEMO_PASSWORD and restart to reset it)');
  }
  say('Press Ctrl-C to stop the console and its database.');
}

/** The root cause, e.g. "connect ECONNREFUSED 127.0.0.1:5432" rather than drizzle's "Failed query" wrapper. */
function rootCause(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause) current = current.cause;
  if (current instanceof AggregateError && current.errors[0]) current = current.errors[0];
  const text =
    current instanceof Error ? current.message || (current as { code?: string }).code || current.name : String(current);
  return text.replace(/postgres(ql)?:\/\/[^@\s]*@/g, 'postgres://***@');
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(`[invoice-ops] ${error.message}`);
  else console.error(`[invoice-ops] Start-up failed: ${rootCause(error)}`);
  process.exit(1);
});
