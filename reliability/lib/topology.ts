// A stack a scenario lays out itself — N web servers (scripts/server.ts), M workers and the provider sandbox on one
// database — when the shared default stack will not do: a process must be killed with -9 and started again,
// or two apps must share a database. The processes are the ones `npm start` runs (scripts/start.ts), started
// the same way, each on its own free port and in its own process group, with this topology's own credentials.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { controlClient } from './http';
import { appServerCommand, port, startProcess, tsxCommand, waitForHttp, type Env, type Proc } from './processes';

export type TopologyOptions = {
  /** Folder name under workDir for this topology's logs. */
  name: string;
  workDir: string;
  databaseUrl: string;
  /** Registers a value the final secret scan must never find. */
  secret: (value: string) => void;
  apps?: number;
  workers?: number;
  /** Sandbox time compression (lifecycles, webhook retries). */
  sandboxSpeed?: number;
  /** Extra variables for apps and workers (e.g. GOROUTE_RATE_PER_SECOND). */
  env?: Env;
};

type App = { index: number; port: number; url: string; proc: Proc };

export type Topology = {
  apps: App[];
  workers: Proc[];
  sandbox: Proc;
  sandboxUrl: string;
  control: (path: string, body?: unknown, method?: string) => Promise<unknown>;
  webhookSecrets: { goroute: string; exdata: string };
  /** Starts app `index` again on its port (after a kill). */
  restartApp: (index: number) => Promise<App>;
  startWorker: () => Promise<Proc>;
  stop: () => Promise<void>;
};

const token = (prefix: string, bytes = 18) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** Only what a process needs from the outside world; nothing of the caller's provider configuration leaks in. */
function baseEnv(parent: Env): Env {
  return { PATH: parent.PATH, HOME: parent.HOME, LANG: parent.LANG, TZ: parent.TZ, NODE_ENV: 'production' };
}

export async function startTopology(o: TopologyOptions, parent: Env): Promise<Topology> {
  const dir = path.join(o.workDir, o.name);
  mkdirSync(dir, { recursive: true });
  const keys = {
    gorouteApiKey: token('gr_test_'),
    exdataToken: token('ex_test_'),
    goroute: token('whsec_'),
    exdata: token('whsec_'),
    nextauth: token('', 32),
  };
  for (const v of Object.values(keys)) o.secret(v);
  const appPorts: number[] = [];
  for (let i = 0; i < (o.apps ?? 1); i++) appPorts.push(await port());
  const sandboxPort = await port();
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;

  const procs: Proc[] = [];
  const started = <T extends Proc>(p: T) => (procs.push(p), p);
  const sandboxEnv: Env = {
    ...baseEnv(parent),
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_SPEED: String(o.sandboxSpeed ?? 20),
    // Deterministic provider: no chaos duplicates and no random delivery failures, so every figure is the
    // system's doing. (The scenarios inject their own duplicates and faults.)
    SANDBOX_CHAOS: '0',
    SANDBOX_GOROUTE_FAILURE_RATE: '0',
    GOROUTE_API_KEY_TEST: keys.gorouteApiKey,
    EXDATA_TOKEN_TEST: keys.exdataToken,
    GOROUTE_WEBHOOK_SECRET: keys.goroute,
    EXDATA_WEBHOOK_SECRET: keys.exdata,
    GOROUTE_WEBHOOK_URL: `http://127.0.0.1:${appPorts[0]}/api/webhooks/goroute`,
    EXDATA_WEBHOOK_URL: `http://127.0.0.1:${appPorts[0]}/api/webhooks/exdata`,
  };
  const [tsx, sandboxArgs] = tsxCommand('sandbox/main.ts');
  const sandbox = started(startProcess('sandbox', tsx, sandboxArgs, sandboxEnv, path.join(dir, 'sandbox.log')));

  const common: Env = {
    ...baseEnv(parent),
    DATABASE_URL: o.databaseUrl,
    NEXTAUTH_SECRET: keys.nextauth,
    GOROUTE_BASE_URL: `${sandboxUrl}/goroute`,
    EXDATA_BASE_URL: `${sandboxUrl}/exdata`,
    GOROUTE_API_KEY_TEST: keys.gorouteApiKey,
    EXDATA_TOKEN_TEST: keys.exdataToken,
    GOROUTE_WEBHOOK_SECRET: keys.goroute,
    EXDATA_WEBHOOK_SECRET: keys.exdata,
    DEMO_INTAKE_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    ...o.env,
  };

  const launches: Record<number, number> = {};
  async function startApp(index: number): Promise<App> {
    const p = appPorts[index]!;
    launches[index] = (launches[index] ?? 0) + 1;
    const [node, args] = appServerCommand();
    const env = { ...common, PORT: String(p), NEXTAUTH_URL: `http://127.0.0.1:${p}` };
    const proc = started(startProcess(`app-${index + 1}`, node, args, env, path.join(dir, `app-${index + 1}.log`)));
    await waitForHttp(`http://127.0.0.1:${p}/api/health`, 120_000, proc);
    return { index, port: p, url: `http://127.0.0.1:${p}`, proc };
  }
  let workerNo = 0;
  async function startWorker(): Promise<Proc> {
    workerNo += 1;
    const [cmd, args] = tsxCommand('scripts/worker.ts');
    const proc = started(
      startProcess(`worker-${workerNo}`, cmd, args, common, path.join(dir, `worker-${workerNo}.log`)),
    );
    await proc.waitForOutput((t) => t.includes('"msg":"worker started"'), 90_000, 'the worker started');
    return proc;
  }
  const stop = async () => {
    await Promise.all(procs.map((p) => p.stop()));
  };

  try {
    await sandbox.waitForOutput((t) => t.includes('sandbox listening on'), 60_000, 'the sandbox listened');
    const apps: App[] = [];
    for (let i = 0; i < appPorts.length; i++) apps.push(await startApp(i));
    const workers: Proc[] = [];
    for (let i = 0; i < (o.workers ?? 1); i++) workers.push(await startWorker());
    const control = controlClient(`${sandboxUrl}/_control`);
    return {
      apps,
      workers,
      sandbox,
      sandboxUrl,
      control,
      webhookSecrets: { goroute: keys.goroute, exdata: keys.exdata },
      restartApp: async (index) => {
        const app = await startApp(index);
        apps[index] = app;
        return app;
      },
      startWorker: async () => {
        const w = await startWorker();
        workers.push(w);
        return w;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
