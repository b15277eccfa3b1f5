import type PgBoss from 'pg-boss';
import { createDatabase } from '@/db/client';
import type { Env } from '@/lib/env';
import { processWebhook } from './handlers/process-webhook';
import type { JobDeps } from './deps';
import { createBoss, ensureQueues, queues } from './queues';

export type Worker = { deps: JobDeps; stop: () => Promise<void> };

/**
 * Starts every job handler against one database. Several workers on several machines may run at
 * once: pg-boss hands each job to one of them (SKIP LOCKED), and every handler is idempotent.
 */
export async function startWorker(env: Pick<Env, 'DATABASE_URL' | 'DATABASE_POOL_MAX'>, log: (msg: string, extra?: object) => void): Promise<Worker> {
  const { db, pool } = createDatabase(env.DATABASE_URL, env.DATABASE_POOL_MAX);
  const boss = createBoss(env.DATABASE_URL);
  boss.on('error', (error: Error) => log('queue error', { err: error.message }));
  await boss.start();
  await ensureQueues(boss);
  const deps: JobDeps = { db, pool, boss };

  const each = <T>(handler: (data: T) => Promise<unknown>) => async (jobs: PgBoss.Job<T>[]) => {
    for (const job of jobs) await handler(job.data);
  };
  await boss.work<{ deliveryRowId: string }>(
    queues.webhookProcess,
    { batchSize: 20, pollingIntervalSeconds: 0.5 },
    each(async ({ deliveryRowId }) => {
      const outcome = await processWebhook(deps, deliveryRowId);
      if (outcome?.result === 'failed') log('webhook processing failed', { deliveryRowId, error: outcome.error });
    }),
  );

  return {
    deps,
    stop: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await pool.end();
    },
  };
}
