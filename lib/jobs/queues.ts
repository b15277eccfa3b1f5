import PgBoss from 'pg-boss';
import { stampCorrelation } from '@/lib/correlation';

/** Every queue the pipeline uses. Jobs carry IDs only; the database row is the truth they act on. */
export const queues = {
  webhookProcess: 'webhook-process',
  documentUpload: 'document-upload',
  documentPoll: 'document-poll',
  documentExtract: 'document-extract',
  transactionSend: 'transaction-send',
  transactionTrack: 'transaction-track',
  pendingSweep: 'pending-sweep',
  demoIntake: 'demo-intake',
  // Go-live: alert rules each minute, one notification job per alert that fires, nightly retention.
  alertsEvaluate: 'alerts-evaluate',
  alertNotify: 'alert-notify',
  retention: 'retention',
} as const;
export type QueueName = (typeof queues)[keyof typeof queues];

export const BOSS_SCHEMA = 'pgboss';

export function createBoss(connectionString: string, options: Partial<PgBoss.ConstructorOptions> = {}) {
  const boss = new PgBoss({ connectionString, schema: BOSS_SCHEMA, application_name: 'invoice-ops-queue', max: 4, ...options });
  // Jobs inherit the correlation ID of the work that enqueued them (lib/correlation.ts), whichever call site sends them.
  const send = boss.send.bind(boss) as (...args: unknown[]) => Promise<string | null>;
  boss.send = ((...args: unknown[]) => (typeof args[0] === 'string' ? send(args[0], stampCorrelation(args[1]), ...args.slice(2)) : send(...args))) as typeof boss.send;
  const insert = boss.insert.bind(boss) as (jobs: PgBoss.JobInsert[], options?: PgBoss.InsertOptions) => Promise<void>;
  boss.insert = ((jobs: PgBoss.JobInsert[], options?: PgBoss.InsertOptions) => insert(jobs.map((j) => ({ ...j, data: stampCorrelation(j.data) })), options)) as typeof boss.insert;
  return boss;
}

/**
 * pg-boss retries here only what never finished: a worker killed mid-job leaves it active until it
 * expires, then it runs again. Provider failures are retried by our own code with Retry-After and
 * jitter (lib/jobs/backoff.ts), so the counts stay honest on the transaction row.
 */
const safetyNet = { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 };

/** Creates the queues if missing; safe to call from every process at start. */
export async function ensureQueues(boss: PgBoss) {
  for (const name of Object.values(queues)) await boss.createQueue(name, { name, ...safetyNet });
}
