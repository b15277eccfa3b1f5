/**
 * The job worker, its own process (`npm start` runs one; run more, on any machine, against the same
 * DATABASE_URL to scale out). Reads the same environment as the app.
 */
import { EnvError, parseEnv } from '@/lib/env';
import { isConnectionError } from '@/lib/jobs/connection-errors';
import { startWorker } from '@/lib/jobs/worker';

async function main() {
  const env = parseEnv(process.env);
  // Imported after the environment is known good: the logger reads LOG_LEVEL from it.
  const { log } = await import('@/lib/log');
  // pg-boss 10 marks a job completed or failed without awaiting it (node_modules/pg-boss/src/manager.js, work() →
  // onFetch: `this.complete(...)` / `this.fail(...)`), so when PostgreSQL goes away at that moment the rejection
  // is unhandled and Node ends the worker — found by `npm run test:reliability -- --only pg-restart`. Such a job
  // stays active and runs again when it expires (every handler is idempotent), so a lost connection is logged
  // and the worker carries on; any other unhandled rejection still ends the process, as before.
  process.on('unhandledRejection', (reason) => {
    if (isConnectionError(reason)) {
      log.warn({ err: reason instanceof Error ? reason.message : String(reason) }, 'database connection lost while updating a job; it runs again when it expires');
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
  console.error(error instanceof EnvError ? error.message : `worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
