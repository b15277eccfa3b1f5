// The shared default stack (ctx.stack()): the benchmark harness's startStack — scripts/start.ts itself, so
// the web server (scripts/server.ts), one worker and the sandbox exactly as `npm start` runs them — on a database of
// this run's own, seeded with the demo data by start.ts. Started on first use, stopped (and its database dropped) at
// the end.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { signIn, startStack, type RunningStack } from '@/bench/lib/stack';
import type { ReliabilityStack } from './types';
import type { ScratchDatabase } from './database';

type Env = Record<string, string | undefined>;
type Role = 'admin' | 'support' | 'finance' | 'manager';

export type SharedStackOptions = {
  env: Env;
  /** Where start.ts keeps the stack's generated credentials: outside workDir, so the scan sees only output. */
  keysDir: string;
  logFile: string;
  demoPassword: string;
  nextauthSecret: string;
  database: () => Promise<ScratchDatabase>;
  secret: (value: string) => void;
  log: (line: string) => void;
};

export function sharedStack(o: SharedStackOptions) {
  let starting: Promise<ReliabilityStack> | undefined;
  let running: RunningStack | undefined;
  const get = () => {
    starting ??= (async () => {
      const db = await o.database();
      mkdirSync(o.keysDir, { recursive: true });
      running = await startStack({
        databaseUrl: db.url,
        dataDir: o.keysDir,
        demoPassword: o.demoPassword,
        workers: 1,
        gorouteRatePerSecond: 50,
        // Faster provider lifecycles, and no random delivery failures: what a scenario counts, it caused.
        env: {
          ...o.env,
          NEXTAUTH_SECRET: o.nextauthSecret,
          SANDBOX_SPEED: '20',
          SANDBOX_GOROUTE_FAILURE_RATE: '0',
          LOG_LEVEL: 'info',
        },
        logFile: o.logFile,
        log: o.log,
      });
      // The credentials start.ts generated for the sandbox (API key, token, webhook secrets) must never show up in
      // output.
      const file = path.join(o.keysDir, 'sandbox-secrets.json');
      if (existsSync(file))
        for (const v of Object.values(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)) o.secret(v);
      o.secret(running.webhookSecrets.goroute);
      o.secret(running.webhookSecrets.exdata);
      const cookies = new Map<Role, Promise<string>>();
      const stack = running;
      return {
        baseUrl: stack.baseUrl,
        sandboxControl: stack.sandboxControl!,
        webhookSecrets: stack.webhookSecrets,
        databaseUrl: db.url,
        cookie: (role: Role) => {
          let c = cookies.get(role);
          if (!c) {
            c = signIn(stack.baseUrl, `${role}@example.test`, o.demoPassword);
            cookies.set(role, c);
          }
          return c;
        },
        stop: () => stack.stop(),
      };
    })();
    return starting;
  };
  return {
    get,
    started: () => starting !== undefined,
    stop: async () => {
      if (starting) await starting.catch(() => {});
      await running?.stop();
    },
  };
}
