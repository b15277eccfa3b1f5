// The real stack for the benchmarks: a production build (built first when missing or older than the
// sources, as `npm start` decides), then `scripts/start.ts` itself — the web server (scripts/server.ts), the job
// worker(s) and the provider sandbox — on free ports, against the benchmark database; then the demo admin signs in.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spareFreePort, watchLogFile } from '@/scripts/lib/child-output';
import { buildIsStale, exitCode } from '@/scripts/lib/processes';
import type { BenchStack } from './types';

type Env = Record<string, string | undefined>;

function pipeTo(child: ChildProcess, file: string, echo: boolean) {
  const out = createWriteStream(file, { flags: 'a' });
  const onData = (chunk: Buffer) => {
    out.write(chunk);
    if (echo) process.stdout.write(chunk);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.once('exit', () => out.end());
}

/** The session secret `npm start` keeps in DATA_DIR (created the same way when missing); the build needs one too. */
export function nextauthSecret(dataDir: string, env: Env): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  const file = path.join(dataDir, 'nextauth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** `next build` when the build is missing or stale (scripts/lib/processes.ts decides, as for `npm start`). */
export async function ensureBuild(env: Env, logFile: string, log: (line: string) => void): Promise<'fresh' | 'built'> {
  if (!buildIsStale()) return 'fresh';
  log('The production build is missing or older than the sources: next build …');
  const child = spawn(
    process.execPath,
    [path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
    {
      env: { ...env, NODE_ENV: 'production' } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  pipeTo(child, logFile, false);
  const code = await exitCode(child);
  if (code !== 0) throw new Error(`next build failed (exit code ${code}); see ${logFile}`);
  return 'built';
}

export type StackOptions = {
  databaseUrl: string;
  dataDir: string;
  demoPassword: string;
  workers: number;
  gorouteRatePerSecond: number;
  env: Env;
  logFile: string;
  log: (line: string) => void;
};

export type RunningStack = BenchStack & { stop: () => Promise<void> };

/** Signs in through next-auth's credentials flow (CSRF token, then the callback POST) and returns the cookies. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      const i = pair.indexOf('=');
      if (i > 0) jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/`, json: 'true' }),
  });
  keep(res);
  await res.arrayBuffer();
  const session = (await (await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie: cookie() } })).json()) as {
    user?: { email?: string; role?: string };
  };
  if (session.user?.email !== email) {
    throw new Error(
      `Sign-in as ${email} failed (HTTP ${res.status}). The demo users' password is DEMO_PASSWORD: set it to the password of this database's demo users (the stack re-applies it at start).`,
    );
  }
  return cookie();
}

export async function startStack(o: StackOptions): Promise<RunningStack> {
  const [appPort, sandboxPort] = [await spareFreePort(), await spareFreePort()];
  // Always the local sandbox: a benchmark that sends 10,000 invoices must never reach a real provider.
  const env: Env = { ...o.env };
  for (const k of [
    'GOROUTE_BASE_URL',
    'EXDATA_BASE_URL',
    'GOROUTE_API_KEY_TEST',
    'EXDATA_TOKEN_TEST',
    'GOROUTE_MODE',
    'EXDATA_MODE',
    'NEXTAUTH_URL',
  ])
    delete env[k];
  const workerEnv = {
    GOROUTE_RATE_PER_SECOND: String(o.gorouteRatePerSecond),
    // Quiet: no demo intake, no inbound invoices, so only the benchmark's own work runs.
    DEMO_INTAKE_PER_MINUTE: '0',
    SANDBOX_INBOUND_EVERY_MS: '0',
    WORKERS: String(o.workers),
  };
  Object.assign(env, workerEnv, {
    NODE_ENV: 'production',
    DATABASE_URL: o.databaseUrl,
    DATA_DIR: o.dataDir,
    PORT: String(appPort),
    SANDBOX_PORT: String(sandboxPort),
    DEMO_PASSWORD: o.demoPassword,
  });
  o.log(
    `Starting the stack (scripts/start.ts): console on port ${appPort}, sandbox on ${sandboxPort}, ${o.workers} worker(s); log in ${o.logFile}`,
  );
  const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
  // Output straight to the log file: piped through this process (which is also the load generator) it cost
  // the ingest benchmark ~0.1 ms of CPU per delivery.
  const out = openSync(o.logFile, 'a');
  const child = spawn(tsx, ['scripts/start.ts'], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', out, out] });
  closeSync(out);
  const { waitFor } = watchLogFile(child, o.logFile, 'the stack');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = exitCode(child);
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor((t) => t.includes('Invoice Ops is ready at'), 15 * 60_000, 'the console was ready');
    // Each worker logs one line once its queues are subscribed.
    await waitFor(
      (t) => (t.match(/"msg":"worker started"/g) ?? []).length >= o.workers,
      60_000,
      `${o.workers} worker(s) started`,
    ).catch(() => {
      o.log('(no "worker started" line seen; continuing)');
    });
    const baseUrl = `http://127.0.0.1:${appPort}`;
    const adminCookie = await signIn(baseUrl, 'admin@example.test', o.demoPassword);
    return {
      baseUrl,
      sandboxControl: `http://127.0.0.1:${sandboxPort}/_control`,
      webhookSecrets: webhookSecrets(o.dataDir, o.env),
      adminCookie,
      workers: o.workers,
      workerEnv,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What start.ts hands the app and the sandbox: the variables if set, else the secrets generated into DATA_DIR. */
function webhookSecrets(dataDir: string, env: Env) {
  const file = path.join(dataDir, 'sandbox-secrets.json');
  const generated = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { gorouteWebhookSecret?: string; exdataWebhookSecret?: string })
    : {};
  return {
    goroute: env.GOROUTE_WEBHOOK_SECRET || generated.gorouteWebhookSecret || '',
    exdata: env.EXDATA_WEBHOOK_SECRET || generated.exdataWebhookSecret || '',
  };
}
