// kill -9 of the web server in the middle of a signed webhook storm. The receiver promises (lib/webhooks/ingest.ts)
// that a 2xx is sent only after the delivery and its processing job are committed; a crash may lose an answer,
// never an acknowledged delivery. The provider then redelivers what got no 2xx (and, as providers do, some that
// did): each delivery ID must be stored once, processed once, and its effect applied once.
import { prepareDatabase, scenarioPool } from './lib/database';
import {
  fmt,
  jobsPerDelivery,
  keyOf,
  percentiles,
  repeatedTransitions,
  storedPerDelivery,
  transitionsInto,
  waitProcessed,
} from './lib/checks';
import { insertExtractingDocuments, insertSendingTransactions } from './lib/rows';
import { startTopology } from './lib/topology';
import { exdataDelivery, gorouteDelivery, is2xx, postAll, type Delivery } from './lib/webhooks';
import type { Scenario } from './lib/types';

/** A fixed shuffle (so a failing run can be repeated in the same order). */
function shuffle<T>(items: T[], seed = 7): T[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export default {
  name: 'crash-storm',
  title: 'kill -9 of the app during a 2,000-delivery signed webhook storm, then redelivery',
  proves:
    'Every webhook answered 2xx is in the database even when the server is killed with -9 mid-storm, and redelivered deliveries are stored, queued and applied exactly once.',
  fast: true,
  async run(ctx) {
    const total = ctx.fast ? 800 : 2000;
    const tag = `cs${Date.now().toString(36)}`;
    // 60 % GoRoute events (created, validated, delivered per send), 30 % exdata failures, 10 % exdata replays
    // (new delivery ID, same effect: the worker must not apply them again).
    const nSends = Math.round(total * 0.2);
    const nDocs = Math.round(total * 0.3);
    const nReplays = total - nSends * 3 - nDocs;
    const db = await ctx.freshDatabase!('crash_storm');
    await prepareDatabase(db.url, ctx.demoPassword!);
    const pool = scenarioPool(db.url);
    const topo = await startTopology(
      { name: 'crash-storm', workDir: ctx.workDir, databaseUrl: db.url, secret: ctx.secret },
      ctx.env!,
    );
    const failures: string[] = [];
    try {
      const sends = await insertSendingTransactions(pool, nSends, tag);
      const docs = await insertExtractingDocuments(pool, nDocs, tag);
      const deliveries: Delivery[] = [];
      for (const s of sends) {
        deliveries.push(gorouteDelivery('transaction.created', { transaction_id: s.gorouteId, status: 'pending' }));
        deliveries.push(
          gorouteDelivery('document.validated', {
            transaction_id: s.gorouteId,
            valid: true,
            validation_layers: { schema: 'passed', schematron: 'passed', business_rules: 'passed' },
          }),
        );
        deliveries.push(
          gorouteDelivery('transaction.delivered', {
            transaction_id: s.gorouteId,
            status: 'delivered',
            message_id: `msg-${s.gorouteId}`,
          }),
        );
      }
      const failed = (id: string) => ({
        id,
        status: 'error',
        processing_stage: null,
        error: { code: 'document_unreadable', message: 'The file could not be read' },
      });
      for (const d of docs) deliveries.push(exdataDelivery('document.failed', failed(d.exdataId)));
      for (let i = 0; i < nReplays; i++)
        deliveries.push(exdataDelivery('document.failed', failed(docs[i % docs.length]!.exdataId)));
      shuffle(deliveries);

      // The storm: 32 in flight; once 40 % are acknowledged the server is killed with SIGKILL. What is still in
      // flight loses its answer; what comes after finds the port closed, as a provider would.
      const app = topo.apps[0]!;
      let acked = 0;
      let kill: Promise<void> | undefined;
      const t0 = performance.now();
      const first = await postAll(deliveries, {
        target: () => app.url,
        secrets: topo.webhookSecrets,
        concurrency: 32,
        timeoutMs: 15_000,
        onAnswer: (_i, a) => {
          if (is2xx(a)) acked += 1;
          if (!kill && acked >= total * 0.4) {
            ctx.log(`${fmt(acked)} acknowledged: kill -9 of the app (pid ${app.proc.pid})`);
            kill = app.proc.kill9();
          }
        },
      });
      await kill;
      const stormSeconds = (performance.now() - t0) / 1000;
      if (!kill) failures.push('the storm ended before the kill point; nothing was tested');
      const ackedBefore = deliveries.filter((_, i) => is2xx(first[i]));
      const other5xx = first.filter((a) => a.status !== null && !is2xx(a)).length;
      const noAnswer = first.filter((a) => a.status === null).length;

      // Lost = acknowledged but not in the database. Read before anything is redelivered.
      const storedAfterKill = await storedPerDelivery(pool, deliveries);
      const lost = ackedBefore.filter((d) => !storedAfterKill.has(keyOf(d))).length;
      if (lost > 0) failures.push(`${lost} acknowledged deliveries are not in the database after the kill`);
      const unanswered = deliveries.filter((_, i) => !is2xx(first[i]));
      const storedWithoutAnswer = unanswered.filter((d) => storedAfterKill.has(keyOf(d))).length;

      const r0 = performance.now();
      await topo.restartApp(0);
      const restartSeconds = (performance.now() - r0) / 1000;
      // Redeliver: everything without a 2xx, plus every 10th acknowledged one (a provider that missed our answer).
      const again = [...unanswered, ...ackedBefore.filter((_, i) => i % 10 === 0)];
      let answers = await postAll(again, {
        target: () => topo.apps[0]!.url,
        secrets: topo.webhookSecrets,
        concurrency: 16,
      });
      const latency = answers.filter(is2xx).map((a) => a.ms);
      // A provider keeps trying: anything still without a 2xx gets two more rounds.
      for (let round = 0; round < 2 && answers.some((a) => !is2xx(a)); round++) {
        const idx = answers.map((a, i) => (is2xx(a) ? -1 : i)).filter((i) => i >= 0);
        const retry = await postAll(
          idx.map((i) => again[i]!),
          { target: () => topo.apps[0]!.url, secrets: topo.webhookSecrets, concurrency: 8 },
        );
        answers = answers.map((a, i) => (idx.includes(i) ? retry[idx.indexOf(i)]! : a));
      }
      const stillRefused = answers.filter((a) => !is2xx(a));
      if (stillRefused.length)
        failures.push(
          `${stillRefused.length} redeliveries still not accepted after restart (e.g. ${JSON.stringify(stillRefused[0])})`,
        );
      const answeredDuplicate = answers.filter((a) => a.duplicate === true).length;
      const expectedDuplicate = again.filter((d) => storedAfterKill.has(keyOf(d))).length;
      if (answeredDuplicate !== expectedDuplicate)
        failures.push(
          `${answeredDuplicate} redeliveries answered "duplicate", but ${expectedDuplicate} were already stored`,
        );

      const stored = await storedPerDelivery(pool, deliveries);
      const missing = deliveries.filter((d) => !stored.has(keyOf(d))).length;
      const duplicatesStored = [...stored.values()].reduce((s, n) => s + (n - 1), 0);
      if (missing) failures.push(`${missing} deliveries are not stored after redelivery`);
      if (duplicatesStored) failures.push(`${duplicatesStored} deliveries are stored more than once`);

      const left = await waitProcessed(pool, deliveries, 180_000);
      if (left) failures.push(`${left} stored deliveries still unprocessed after 3 min`);
      const jobs = await jobsPerDelivery(pool, deliveries);
      if (jobs.withSeveral || jobs.withoutJob)
        failures.push(
          `processing jobs: ${jobs.withSeveral} deliveries with more than one, ${jobs.withoutJob} with none`,
        );
      const sendDocs = sends.map((s) => s.documentId);
      const docIds = docs.map((d) => d.id);
      const twice = await repeatedTransitions(pool, [...sendDocs, ...docIds]);
      const delivered = await transitionsInto(pool, sendDocs, 'delivered');
      const extractionFailed = await transitionsInto(pool, docIds, 'extraction_failed');
      if (twice) failures.push(`${twice} documents made the same transition more than once`);
      if (delivered !== nSends) failures.push(`${delivered} of ${nSends} sends moved to delivered`);
      if (extractionFailed !== nDocs)
        failures.push(`${extractionFailed} of ${nDocs} documents moved to extraction_failed`);
      const replaysDeduped = Number(
        (
          await pool.query<{ n: string }>(
            `select count(*) as n from webhook_deliveries where delivery_id = any($1::text[]) and processing_result = 'duplicate_effect'`,
            [deliveries.map((d) => d.id)],
          )
        ).rows[0]?.n,
      );

      return {
        figures: [
          {
            label: 'deliveries sent (first attempt)',
            value: `${fmt(total)} (${fmt(nSends * 3)} GoRoute, ${fmt(nDocs + nReplays)} exdata of which ${fmt(nReplays)} replays), ${stormSeconds.toFixed(1)} s`,
          },
          { label: 'acked (2xx) before the kill', value: fmt(ackedBefore.length) },
          { label: 'no answer (in flight or port closed) / 5xx', value: `${fmt(noAnswer)} / ${fmt(other5xx)}` },
          { label: 'stored although the answer was lost', value: fmt(storedWithoutAnswer) },
          { label: 'lost (acked, not stored)', value: fmt(lost) },
          { label: 'app restart', value: `${restartSeconds.toFixed(1)} s` },
          {
            label: 'redelivered',
            value: `${fmt(again.length)} (${fmt(unanswered.length)} unanswered + ${fmt(again.length - unanswered.length)} acked), answered duplicate ${fmt(answeredDuplicate)}; ${percentiles(latency)}`,
          },
          { label: 'duplicates stored', value: fmt(duplicatesStored) },
          {
            label: 'processing jobs',
            value: `${fmt(jobs.rows)} rows, ${jobs.withSeveral} with >1 job, ${jobs.withoutJob} with none`,
          },
          {
            label: 'effects',
            value: `${fmt(delivered)}/${fmt(nSends)} delivered, ${fmt(extractionFailed)}/${fmt(nDocs)} extraction failed, ${twice} applied twice, ${fmt(replaysDeduped)} replays deduped on effect`,
          },
        ],
        failures,
      };
    } finally {
      await topo.stop();
      await pool.end();
    }
  },
} satisfies Scenario;
