import 'server-only';
import type PgBoss from 'pg-boss';
import { getEnv } from '@/lib/env';
import { createBoss } from './queues';

// One pg-boss per app process, only for sending jobs: no polling, no maintenance (workers do that).
const globalForBoss = globalThis as unknown as { invoiceOpsBoss?: Promise<PgBoss> };

export function getBoss(): Promise<PgBoss> {
  globalForBoss.invoiceOpsBoss ??= createBoss(getEnv().DATABASE_URL, { supervise: false, schedule: false })
    .start()
    .catch((error: unknown) => {
      globalForBoss.invoiceOpsBoss = undefined; // try again on the next request
      throw error;
    });
  return globalForBoss.invoiceOpsBoss;
}
