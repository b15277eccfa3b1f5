// Processes a scenario starts itself (apps, workers, sandbox): each in its own process group, so it can be
// killed with SIGKILL (a crash, not a shutdown) or stopped by its PID — never by name, since other people's
// stacks run on the same machine. Output goes to a log file under the run's workDir (the secret scan reads it).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spareFreePort, watchOutput } from '@/scripts/lib/child-output';

export type Env = Record<string, string | undefined>;

export const port = spareFreePort;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Every process group started here and still running: killed when the runner exits, however it exits, so an
// interrupted run leaves nothing behind (process.kill is synchronous, so it works in an 'exit' handler).
const running = new Set<number>();
process.on('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export type Proc = {
  name: string;
  pid: number;
  logFile: string;
  alive: () => boolean;
  /** Resolves when `test` holds for the output so far; rejects when the process exits first or time runs out. */
  waitForOutput: (test: (text: string) => boolean, timeoutMs: number, what: string) => Promise<void>;
  /** SIGSTOP of the whole process group: it stops mid-instruction, its sockets stay open. */
  freeze: () => void;
  /** kill -9 of the whole process group: no shutdown hooks, no graceful close, sockets reset. */
  kill9: () => Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
};

/** Starts `command args` detached (its own process group), its output appended to `logFile`. */
export function startProcess(name: string, command: string, args: string[], env: Env, logFile: string): Proc {
  const child: ChildProcess = spawn(command, args, {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    cwd: process.cwd(),
  });
  const out = createWriteStream(logFile, { flags: 'a' });
  const onData = (chunk: Buffer) => out.write(chunk);
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const output = watchOutput(child, name, 200_000);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      if (child.pid !== undefined) running.delete(child.pid);
      out.end();
      resolve();
    }),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} could not be started (${command})`);
  running.add(pid);
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  const proc: Proc = {
    name,
    pid,
    logFile,
    alive: () => !exited,
    waitForOutput: (test, timeoutMs, what) =>
      output.waitFor(test, timeoutMs, what).catch((error: Error) => {
        throw new Error(`${error.message} (log: ${logFile})`);
      }),
    freeze: () => signalGroup('SIGSTOP'),
    kill9: async () => {
      if (exited) return;
      signalGroup('SIGKILL');
      await exit;
    },
    stop: async (graceMs = 15_000) => {
      if (exited) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
      // Anything the process left behind in its group (a child it spawned) goes too.
      signalGroup('SIGKILL');
    },
  };
  return proc;
}

/** One GET with a hard deadline (node:http, destroyed on timeout): resolves with the status, or null. */
function probe(url: string, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? null));
      res.on('error', () => resolve(null));
    });
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** Polls `url` until it answers 2xx. */
export async function waitForHttp(url: string, timeoutMs: number, proc?: Proc): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && !proc.alive()) throw new Error(`${proc.name} exited before ${url} answered (log: ${proc.logFile})`);
    const status = await probe(url, 3_000);
    if (status !== null && status >= 200 && status < 300) return;
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

const bin = (...parts: string[]) => path.join(process.cwd(), 'node_modules', ...parts);

/** The production web server as `npm start` runs it (scripts/server.ts: webhooks, then Next.js), on the env's PORT. */
export function appServerCommand(): [string, string[]] {
  return [bin('.bin', 'tsx'), ['scripts/server.ts']];
}

/** One of our TypeScript entry points (worker, sandbox) through tsx, as scripts/start.ts runs them. */
export function tsxCommand(script: string): [string, string[]] {
  return [bin('.bin', 'tsx'), [script]];
}
