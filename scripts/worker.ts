/**
 * The job worker, its own process (`npm start` runs one; run more, on any machine, against the same
 * DATABASE_URL to scale out). Reads the same environment as the app.
 */
import { EnvError, parseEnv } from '@/lib/env';
import { startWorker } from '@/lib/jobs/worker';

const log = (msg: string, extra: object = {}) => console.log(JSON.stringify({ level: 'info', service: 'invoice-ops-worker', msg, ...extra }));

async function main() {
  const env = parseEnv(process.env);
  const worker = await startWorker(env, log);
  log('worker started');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('worker stopping');
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
