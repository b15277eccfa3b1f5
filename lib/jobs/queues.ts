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

/**
 * A webhook-process job names the stored deliveries it applies: the receiver enqueues one job per group commit
 * (all the new deliveries that commit stored), Reprocess one per delivery. `deliveryRowId` is the shape jobs had
 * before; one still queued from then is read the same way.
 */
export type WebhookJob = { deliveryRowIds?: string[]; deliveryRowId?: string; correlationId?: string };
export const deliveriesOf = (job: WebhookJob): string[] =>
  job.deliveryRowIds ?? (job.deliveryRowId ? [job.deliveryRowId] : []);

export const BOSS_SCHEMA = 'pgboss';

/**
 * How often a worker's pg-boss runs maintenance, which is where jobs of a killed worker are found expired and
 * put back for a retry. pg-boss's default (120 s) stacked on the 120 s expiry below left a send of a crashed
 * worker stuck for up to 4 minutes; at 30 s a crashed job runs again at most ~30 s after it expires. One small
 * locked query per interval across all workers (pg-boss elects one), so the cost is negligible.
 * (Measured by `npm run test:reliability -- --only crash-send`.)
 */
const MAINTENANCE_INTERVAL_SECONDS = 30;

export function createBoss(connectionString: string, options: Partial<PgBoss.ConstructorOptions> = {}) {
  const boss = new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: 'invoice-ops-queue',
    max: 4,
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
    ...options,
  });
  // Jobs inherit the correlation ID of the work that enqueued them (lib/correlation.ts), whichever call site sends
  // them.
  const send = boss.send.bind(boss) as (...args: unknown[]) => Promise<string | null>;
  boss.send = ((...args: unknown[]) =>
    typeof args[0] === 'string'
      ? send(args[0], stampCorrelation(args[1]), ...args.slice(2))
      : send(...args)) as typeof boss.send;
  const insert = boss.insert.bind(boss) as (jobs: PgBoss.JobInsert[], options?: PgBoss.InsertOptions) => Promise<void>;
  boss.insert = ((jobs: PgBoss.JobInsert[], options?: PgBoss.InsertOptions) =>
    insert(
      jobs.map((j) => ({ ...j, data: stampCorrelation(j.data) })),
      options,
    )) as typeof boss.insert;
  return boss;
}

/**
 * pg-boss retries here only what never finished: a worker killed mid-job leaves it active until it
 * expires, then it runs again. Provider failures are retried by our own code with Retry-After and
 * jitter (lib/rules/retry-schedule.ts), so the counts stay honest on the transaction row.
 */
const safetyNet = { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120 };

/**
 * Expiry is how long a dead worker's job waits before it runs again, so it is as short as the job allows.
 * Provider jobs keep 120 s: a send is a validate and a send call, each with 30 s timeouts. Processing a webhook
 * is a few statements in one transaction and no provider call, so 30 s is already far past a live run; with
 * 120 s, every delivery in hand when a worker or PostgreSQL went away took ~2.5 min to be applied (measured by
 * `npm run test:reliability -- --only pg-restart`).
 */
const expirySeconds: Partial<Record<QueueName, number>> = { [queues.webhookProcess]: 30 };

/**
 * Creates the queues if missing and brings existing ones to the current policy (createQueue leaves an existing
 * queue as it is); safe to call from every process at start. The policy applies to jobs created from then on.
 */
export async function ensureQueues(boss: PgBoss) {
  for (const name of Object.values(queues)) {
    const policy = { ...safetyNet, expireInSeconds: expirySeconds[name] ?? safetyNet.expireInSeconds };
    await boss.createQueue(name, { name, ...policy });
    await boss.updateQueue(name, { name, ...policy });
  }
}
