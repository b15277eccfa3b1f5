/**
 * The job worker, its own process (`npm start` runs one; run more, on any machine, against the same
 * DATABASE_URL to scale out). Reads the same environment as the app.
 */
import { EnvError, parseEnv } from '@/lib/env';
import { startWorker } from '@/lib/jobs/worker';

async function main() {
  const env = parseEnv(process.env);
  // Imported after the environment is known good: the logger reads LOG_LEVEL from it.
  const { log } = await import('@/lib/log');
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
