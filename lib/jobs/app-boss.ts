import type PgBoss from 'pg-boss';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { createBoss } from './queues';

// One pg-boss per app process, only for sending jobs: no polling, no maintenance (workers do that). Kept on
// globalThis so the Next.js bundle and the server around it (scripts/server.ts) share it.
const globalForBoss = globalThis as unknown as { invoiceOpsBoss?: Promise<PgBoss> };

export function getBoss(): Promise<PgBoss> {
  globalForBoss.invoiceOpsBoss ??= listen(createBoss(getEnv().DATABASE_URL, { supervise: false, schedule: false }))
    .start()
    .catch((error: unknown) => {
      globalForBoss.invoiceOpsBoss = undefined; // try again on the next request
      throw error;
    });
  return globalForBoss.invoiceOpsBoss;
}

/**
 * pg-boss re-emits its pool's connection errors (a PostgreSQL restart cuts every idle connection). An 'error'
 * event nobody listens to is an uncaught exception in the server process; the pool reconnects by itself, and
 * a send that fails meanwhile fails its request (the webhook receiver answers 503). Found by
 * `npm run test:reliability -- --only pg-restart`.
 */
function listen(boss: PgBoss): PgBoss {
  boss.on('error', (error: Error) => log.warn({ err: error.message }, 'queue connection error'));
  return boss;
}
