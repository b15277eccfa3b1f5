import type PgBoss from 'pg-boss';
import { createDatabase } from '@/db/client';
import { foldDuplicateCopies } from '@/db/queries/webhook-ingest';
import { alertChannels, consoleAlertsUrl } from '@/lib/alerts/channels';
import { evaluateAlerts } from '@/lib/alerts/evaluate';
import { notifyAlert, type NotifyJob } from '@/lib/alerts/notify';
import { withCorrelation } from '@/lib/correlation';
import type { Env } from '@/lib/env';
import type { JobDeps } from './deps';
import { demoIntake } from './handlers/demo-intake';
import { extractDocument, type ExtractJob } from './handlers/extract-document';
import { pendingSweep } from './handlers/pending-sweep';
import { pollDocument, type PollJob } from './handlers/poll-document';
import { processWebhooks } from './handlers/process-webhook';
import { listenForWebhookJobs } from './wake';
import { retention } from './handlers/retention';
import { sendTransaction, type SendJob } from './handlers/send-transaction';
import { trackTransaction, type TrackJob } from './handlers/track-transaction';
import { uploadDocument, type UploadJob } from './handlers/upload-document';
import { createProviderClients } from '../lib/clients/create';
import { createBoss, deliveriesOf, ensureQueues, queues, type QueueName, type WebhookJob } from '../lib/jobs/queues';

const ROLLUP_FOLD_MS = 5_000;

export type Worker = { deps: JobDeps; stop: () => Promise<void> };
/** The slice of a pino logger the worker uses. */
type Log = {
  info: (obj: object, msg: string) => void;
  debug: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
};

// In a burst a fetch takes up to 32 jobs (~15 deliveries each): pg-boss's fetch and completion cost PostgreSQL
// about as much per fetch whatever its size, and at 8 jobs a fetch they were a quarter of the worker's database
// time. Each row stays locked until its batch commits (the duplicate fold waits on it), hence 100 a transaction.
const WEBHOOK_JOBS = 32;
const WEBHOOK_BATCH = 100;
const WEBHOOK_LOOPS = 2;

/**
 * Starts every job handler against one database. Several workers on several machines may run at
 * once: pg-boss hands each job to one of them (SKIP LOCKED), and every handler is idempotent.
 */
export async function startWorker(env: Env, log: Log, options: { pendingPollMs?: number } = {}): Promise<Worker> {
  const { db, pool } = createDatabase(env.DATABASE_URL, env.DATABASE_POOL_MAX);
  const boss = createBoss(env.DATABASE_URL);
  boss.on('error', (error: Error) => log.warn({ err: error.message }, 'queue error'));
  await boss.start();
  await ensureQueues(boss);
  let clients: JobDeps['clients'];
  try {
    clients = createProviderClients(env, db, log, pool);
  } catch (error) {
    log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'provider jobs disabled');
  }
  const deps: JobDeps = { db, pool, boss, clients, pendingPollMs: options.pendingPollMs };

  async function runJob<T extends object>(
    queue: QueueName,
    run: (data: T, jobId: string) => Promise<unknown>,
    job: PgBoss.Job<T>,
  ) {
    const { correlationId } = job.data as { correlationId?: string };
    await withCorrelation(correlationId ?? `job:${job.id}`, async () => {
      const outcome = await run(job.data, job.id);
      log.debug({ queue, jobId: job.id, outcome, ...job.data }, 'job done');
    });
  }
  /**
   * pg-boss waits out the polling interval after every batch, even a full one, which caps a queue at one batch
   * per interval (webhook processing at 40 a second). A full batch means more are waiting: fetch again at once.
   */
  function backToBack(id: string | undefined, fetched: number, batchSize: number) {
    if (id && fetched >= batchSize) boss.notifyWorker(id);
  }
  /** One pg-boss worker on the queue: fetches a batch and runs its jobs in order. */
  async function handle<T extends object>(queue: QueueName, run: (data: T) => Promise<unknown>, batchSize = 5) {
    // The callback first runs after a fetch round trip, by when `id` is assigned.
    const id: string = await boss.work<T>(
      queue,
      { batchSize, pollingIntervalSeconds: 0.5 },
      async (jobs: PgBoss.Job<T>[]) => {
        for (const job of jobs) await runJob(queue, run, job);
        backToBack(id, jobs.length, batchSize);
      },
    );
  }
  /**
   * Webhook deliveries: a fetch takes a few jobs (each holds the deliveries of one group commit of the receiver),
   * and their deliveries are applied up to WEBHOOK_BATCH per transaction (processWebhooks: one commit for the
   * batch). A job with a delivery that failed is failed with that error, and pg-boss runs it again later; its
   * deliveries already applied are skipped then. Batches are bounded because each row stays locked until its
   * batch commits, and the receiver waits on such a lock to count a redelivery. Two loops, so one batch's
   * commit overlaps the next one's work.
   */
  const webhookLoops: string[] = [];
  let applying = 0;
  async function webhooks() {
    const queue = queues.webhookProcess;
    for (let loop = 0; loop < WEBHOOK_LOOPS; loop++) {
      const id: string = await boss.work<WebhookJob>(
        queue,
        { batchSize: WEBHOOK_JOBS, pollingIntervalSeconds: 0.5 },
        async (jobs) => {
          applying++;
          try {
            await applyJobs(queue, jobs);
          } finally {
            applying--;
          }
          backToBack(id, jobs.length, WEBHOOK_JOBS);
        },
      );
      webhookLoops.push(id);
    }
  }
  async function applyJobs(queue: QueueName, jobs: PgBoss.Job<WebhookJob>[]) {
    // Each delivery once, on behalf of the first job that names it.
    const owner = new Map<string, number>();
    jobs.forEach((job, j) => deliveriesOf(job.data).forEach((d) => owner.has(d) || owner.set(d, j)));
    const ids = [...owner.keys()];
    const failed = new Map<number, string>();
    for (let from = 0; from < ids.length; from += WEBHOOK_BATCH) {
      const chunk = ids.slice(from, from + WEBHOOK_BATCH);
      const jobOf = (i: number) => jobs[owner.get(chunk[i]!)!]!;
      const results = await processWebhooks(deps, chunk, (i, work) =>
        withCorrelation(jobOf(i).data.correlationId ?? `job:${jobOf(i).id}`, work),
      );
      for (const [i, r] of results.entries()) {
        if (!r.error) continue;
        const message = r.error instanceof Error ? r.error.message : String(r.error);
        log.warn({ queue, jobId: jobOf(i).id, deliveryRowId: r.id, err: message }, 'webhook delivery failed');
        if (!failed.has(owner.get(r.id)!)) failed.set(owner.get(r.id)!, message);
      }
    }
    for (const [j, message] of failed) await boss.fail(queue, jobs[j]!.id, { message });
    log.debug({ queue, jobs: jobs.length, deliveries: ids.length, failed: failed.size }, 'webhook jobs done');
  }
  /**
   * Provider jobs spend their time waiting on the network and the rate limit, so each batch runs at once.
   * A job that throws is failed on its own (pg-boss then completes only the jobs still active), so one
   * bad job does not send its batch round again. Two loops, so one slow call cannot stall the queue.
   */
  async function provider<T extends object>(queue: QueueName, run: (data: T, jobId: string) => Promise<unknown>) {
    for (let loop = 0; loop < 2; loop++) {
      const id: string = await boss.work<T>(
        queue,
        { batchSize: env.WORKER_CONCURRENCY, pollingIntervalSeconds: 0.5 },
        async (jobs: PgBoss.Job<T>[]) => {
          const results = await Promise.allSettled(
            jobs.map((job) =>
              runJob(queue, run, job).catch(async (error: unknown) => {
                const message = error instanceof Error ? error.message : String(error);
                log.warn({ queue, jobId: job.id, err: message }, 'job failed');
                await boss.fail(queue, job.id, { message });
              }),
            ),
          );
          // Could not even record a failure (database gone): fail the batch, so no failed job is completed.
          const unrecorded = results.find((r) => r.status === 'rejected');
          if (unrecorded) throw unrecorded.reason;
          backToBack(id, jobs.length, env.WORKER_CONCURRENCY);
        },
      );
    }
  }
  await webhooks();
  // A commit that queued webhook processing wakes a loop (taking turns) instead of leaving it to its next poll —
  // unless a batch is being applied: in a burst the loops then fetch full batches back to back, or wait to gather
  // one, and waking them at every commit would have them fetch a few jobs at a time.
  let turn = 0;
  const wakeUp = listenForWebhookJobs(
    env.DATABASE_URL,
    () => applying === 0 && boss.notifyWorker(webhookLoops[turn++ % webhookLoops.length]!),
    log,
  );
  if (clients) {
    await provider<UploadJob>(queues.documentUpload, (d) => uploadDocument(deps, d));
    await provider<PollJob>(queues.documentPoll, (d) => pollDocument(deps, d));
    await provider<ExtractJob>(queues.documentExtract, (d) => extractDocument(deps, d));
    await provider<SendJob>(queues.transactionSend, (d, jobId) => sendTransaction(deps, d, jobId));
    await provider<TrackJob>(queues.transactionTrack, (d) => trackTransaction(deps, d));
    await boss.schedule(queues.pendingSweep, '* * * * *', {});
    await handle<object>(queues.pendingSweep, () => pendingSweep(deps));
  }
  // Alerts run without provider clients too: a misconfigured provider is exactly when they matter.
  const channels = alertChannels(env);
  await boss.schedule(queues.alertsEvaluate, '* * * * *', {});
  await handle<object>(queues.alertsEvaluate, () => evaluateAlerts(deps));
  await handle<NotifyJob>(queues.alertNotify, (d) => notifyAlert(deps, channels, d, consoleAlertsUrl(env)));
  // Nightly at 03:17 (off the hour, when little else runs); pg-boss runs it once across all workers.
  await boss.schedule(queues.retention, '17 3 * * *', {});
  await handle<object>(queues.retention, async () => {
    const summary = await retention(deps);
    log.info({ queue: queues.retention, summary }, 'retention done');
    return summary;
  });
  if (clients && env.DEMO_INTAKE_PER_MINUTE > 0) {
    // pg-boss runs a schedule once per minute across all workers, however many there are.
    await boss.schedule(queues.demoIntake, '* * * * *', {});
    await handle<object>(queues.demoIntake, () => demoIntake(deps, env.DEMO_INTAKE_PER_MINUTE));
  } else {
    await boss.unschedule(queues.demoIntake).catch(() => {});
  }

  // The rollup triggers append deltas (migration 0008); folding them often keeps the readers' view small.
  // Every worker folds; two folds at once are safe and each delta is counted once.
  // Redeliveries the receiver counted aside (webhook_duplicate_copies) are folded onto their rows on the same beat.
  const fold = setInterval(() => {
    const failed = (what: string) => (error: unknown) =>
      log.debug({ err: error instanceof Error ? error.message : String(error) }, `${what} fold failed`);
    pool.query('select fold_metric_rollups()').catch(failed('rollup'));
    foldDuplicateCopies(pool).catch(failed('duplicate count'));
  }, ROLLUP_FOLD_MS);
  fold.unref();

  return {
    deps,
    stop: async () => {
      clearInterval(fold);
      await wakeUp.close();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await Promise.all([clients?.goroute.close(), clients?.exdata.close()]);
      await pool.end();
    },
  };
}
