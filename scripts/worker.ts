/**
 * The job worker, its own process (`npm start` runs one; run more, on any machine, against the same
 * DATABASE_URL to scale out). Reads the same environment as the app.
 */
import os from 'node:os';
import { EnvError, parseEnv } from '@/lib/env';
import { isConnectionError } from '@/worker/connection-errors';
import { startWorker } from '@/worker/worker';

/**
 * A lower CPU priority than the web server's: during a webhook burst on a shared machine the worker (~0.7 ms of
 * CPU a delivery) competed with the receiver, whose latency the providers see. Measured with 32 connections:
 * 1,035–1,119 deliveries/s, p99 55–63 ms at the same priority; 1,151–1,260/s, p99 51–55 ms at nice 10. The
 * backlog is applied as soon as the burst leaves CPU free. (Before the receiver stopped locking delivery rows,
 * this made things worse: a descheduled worker held the rows the receiver waited on.)
 */
function setWorkerPriority(nice: number, log: { warn: (obj: object, msg: string) => void }) {
  try {
    os.setPriority(0, nice);
  } catch (error) {
    log.warn(
      { nice, err: error instanceof Error ? error.message : String(error) },
      'could not lower the worker priority',
    );
  }
}

async function main() {
  const env = parseEnv(process.env);
  // Imported after the environment is known good: the logger reads LOG_LEVEL from it.
  const { log } = await import('@/lib/log');
  setWorkerPriority(env.WORKER_NICE, log);
  // pg-boss 10 marks a job completed or failed without awaiting it (node_modules/pg-boss/src/manager.js, work() →
  // onFetch: `this.complete(...)` / `this.fail(...)`), so when PostgreSQL goes away at that moment the rejection
  // is unhandled and Node ends the worker — found by `npm run test:reliability -- --only pg-restart`. Such a job
  // stays active and runs again when it expires (every handler is idempotent), so a lost connection is logged
  // and the worker carries on; any other unhandled rejection still ends the process, as before.
  process.on('unhandledRejection', (reason) => {
    if (isConnectionError(reason)) {
      log.warn(
        { err: reason instanceof Error ? reason.message : String(reason) },
        'database connection lost while updating a job; it runs again when it expires',
      );
      return;
    }
    console.error(reason);
    process.exit(1);
  });
  const worker = await startWorker(env, log.child({ process: 'worker' }));
  log.info({ pid: process.pid }, 'worker started');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info({ pid: process.pid }, 'worker stopping');
    await worker.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof EnvError ? error.message : `worker: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
