// What the benchmark and reliability runners both need from the processes they start: ports that no
// `npm start` or e2e run uses, and a wait for a line in a child's output.
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { freePort } from './embedded-postgres';

// Never the ports of `npm start` and the e2e suite (a CI run may be using them).
const RESERVED = new Set([3000, 3210, 3211]);

export async function spareFreePort(): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (!RESERVED.has(p)) return p;
  }
}

export type OutputWatch = {
  /** Resolves when `test` holds for the output kept so far; rejects when the child exits first or time runs out. */
  waitFor: (test: (text: string) => boolean, timeoutMs: number, what: string) => Promise<void>;
  tail: (chars: number) => string;
};

/** Keeps the last `keep` characters of a child's stdout and stderr and checks waits against them as output arrives. */
export function watchOutput(child: ChildProcess, name: string, keep = 50_000): OutputWatch {
  let seen = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    seen = (seen + chunk.toString('utf8')).slice(-keep);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const waitFor: OutputWatch['waitFor'] = (test, timeoutMs, what) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (test(seen)) finish();
      };
      const onExit = (code: number | null) =>
        finish(
          new Error(`${name} exited (code ${code}) before ${what}; the tail of its output:\n${seen.slice(-3_000)}`),
        );
      const timer = setTimeout(
        () => finish(new Error(`${name}: ${what} did not happen within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      const finish = (error?: Error) => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      listeners.add(check);
      child.once('exit', onExit);
      check();
    });
  return { waitFor, tail: (chars) => seen.slice(-chars) };
}

/**
 * The same wait, for a child whose output goes straight to `file` (stdio on the file's descriptor): the parent
 * then spends nothing on the child's output — which matters when the parent is also a benchmark's load
 * generator and the child logs a line per request. Polls the file's tail.
 */
export function watchLogFile(child: ChildProcess, file: string, name: string, keep = 50_000): OutputWatch {
  const tail = (chars: number) => {
    try {
      const size = statSync(file).size;
      const fd = openSync(file, 'r');
      try {
        const length = Math.min(size, chars);
        const buffer = Buffer.alloc(length);
        readSync(fd, buffer, 0, length, size - length);
        return buffer.toString('utf8');
      } finally {
        closeSync(fd);
      }
    } catch {
      return '';
    }
  };
  const waitFor: OutputWatch['waitFor'] = (test, timeoutMs, what) =>
    new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const check = () => {
        if (test(tail(keep))) return resolve();
        if (child.exitCode !== null || child.signalCode !== null)
          return reject(
            new Error(
              `${name} exited (code ${child.exitCode}) before ${what}; the tail of its output:\n${tail(3_000)}`,
            ),
          );
        if (Date.now() > deadline)
          return reject(new Error(`${name}: ${what} did not happen within ${timeoutMs / 1000} s`));
        setTimeout(check, 250);
      };
      check();
    });
  return { waitFor, tail };
}
