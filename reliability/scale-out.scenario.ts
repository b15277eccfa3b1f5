// Two app instances and two workers on one database under a duplicate storm: every delivery is sent several
// times, its copies at once and to both apps (two receivers racing on one ID), as retrying providers behind a
// load balancer would. Exactly one copy may be taken as new; one row, one processing job and one effect per delivery.
import {
  fmt,
  jobsPerDelivery,
  keyOf,
  repeatedTransitions,
  storedPerDelivery,
  transitionsInto,
  waitProcessed,
} from './lib/checks';
import { prepareDatabase, scenarioPool } from './lib/database';
import { insertExtractingDocuments, insertSendingTransactions, statusCounts, describeCounts } from './lib/rows';
import { startTopology } from './lib/topology';
import { exdataDelivery, gorouteDelivery, is2xx, postAll, type Delivery } from './lib/webhooks';
import type { Scenario } from './lib/types';

export default {
  name: 'scale-out',
  title: 'two apps and two workers on one database under a duplicate storm',
  proves:
    'With two app instances and two workers on one database, concurrent copies of a delivery are stored once, queued once and applied once.',
  fast: true,
  async run(ctx) {
    const failures: string[] = [];
    const unique = ctx.fast ? 300 : 1000;
    const copies = ctx.fast ? 4 : 6;
    const nSends = Math.round(unique / 2);
    const nDocs = Math.round(unique * 0.4);
    const nReplays = unique - nSends - nDocs;
    const db = await ctx.freshDatabase!('scale_out');
    await prepareDatabase(db.url, ctx.demoPassword!);
    const pool = scenarioPool(db.url);
    const topo = await startTopology(
      { name: 'scale-out', workDir: ctx.workDir, databaseUrl: db.url, secret: ctx.secret, apps: 2, workers: 2 },
      ctx.env!,
    );
    try {
      const tag = `so${Date.now().toString(36)}`;
      const sends = await insertSendingTransactions(pool, nSends, tag);
      const docs = await insertExtractingDocuments(pool, nDocs, tag);
      const deliveries: Delivery[] = [
        ...sends.map((s) =>
          gorouteDelivery('transaction.delivered', {
            transaction_id: s.gorouteId,
            status: 'delivered',
            message_id: `msg-${s.gorouteId}`,
          }),
        ),
        ...docs.map((d) =>
          exdataDelivery('document.failed', {
            id: d.exdataId,
            status: 'error',
            error: { code: 'document_unreadable', message: 'unreadable' },
          }),
        ),
        // exdata replays: a new delivery ID for an effect already sent — stored, but must not be applied again.
        ...Array.from({ length: nReplays }, (_, i) =>
          exdataDelivery('document.failed', {
            id: docs[i % docs.length]!.exdataId,
            status: 'error',
            error: { code: 'document_unreadable', message: 'unreadable' },
          }),
        ),
      ];
      // Copies side by side, alternating apps: with 48 requests in flight, every copy of a delivery is racing.
      const posts = deliveries.flatMap((d) => Array.from({ length: copies }, () => d));
      const t0 = performance.now();
      const answers = await postAll(posts, {
        target: (i) => topo.apps[i % 2]!.url,
        secrets: topo.webhookSecrets,
        concurrency: 48,
      });
      const seconds = (performance.now() - t0) / 1000;
      const refused = answers.filter((a) => !is2xx(a)).length;
      if (refused)
        failures.push(
          `${refused} posts were not answered 2xx (e.g. ${JSON.stringify(answers.find((a) => !is2xx(a)))})`,
        );
      // Taken as new (duplicate: false) by exactly one of the two apps, once.
      const newPerKey = new Map<string, number>();
      posts.forEach((d, i) => {
        if (answers[i]!.duplicate === false) newPerKey.set(keyOf(d), (newPerKey.get(keyOf(d)) ?? 0) + 1);
      });
      const takenTwice = [...newPerKey.values()].filter((n) => n > 1).length;
      const neverNew = deliveries.filter((d) => !newPerKey.has(keyOf(d))).length;
      if (takenTwice) failures.push(`${takenTwice} deliveries were answered as new more than once`);
      if (neverNew) failures.push(`${neverNew} deliveries were never answered as new`);

      const stored = await storedPerDelivery(pool, deliveries);
      const missing = deliveries.filter((d) => !stored.has(keyOf(d))).length;
      const extraRows = [...stored.values()].reduce((s, n) => s + n - 1, 0);
      if (missing) failures.push(`${missing} deliveries not stored`);
      if (extraRows) failures.push(`${extraRows} extra rows for repeated delivery IDs`);
      // Folded onto the rows, plus copies counted since the workers last folded (webhook_duplicate_copies).
      const dupCounted = Number(
        (
          await pool.query<{ n: string }>(
            `select coalesce(sum(w.duplicate_count), 0) + coalesce((select sum(c.copies) from webhook_duplicate_copies c join webhook_deliveries d on d.id = c.delivery_row_id where d.delivery_id = any($1::text[])), 0) as n
           from webhook_deliveries w where w.delivery_id = any($1::text[])`,
            [deliveries.map((d) => d.id)],
          )
        ).rows[0]?.n,
      );
      if (dupCounted !== posts.length - deliveries.length)
        failures.push(`duplicate counts add up to ${dupCounted}, expected ${posts.length - deliveries.length}`);

      const left = await waitProcessed(pool, deliveries, 180_000);
      if (left) failures.push(`${left} deliveries still unprocessed after 3 min`);
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
      const txCounts = await statusCounts(
        pool,
        sends.map((s) => s.id),
      );
      if (twice) failures.push(`${twice} documents made the same transition more than once`);
      if (delivered !== nSends || (txCounts.delivered ?? 0) !== nSends)
        failures.push(`${delivered} delivered transitions and ${describeCounts(txCounts)} for ${nSends} sends`);
      if (extractionFailed !== nDocs)
        failures.push(`${extractionFailed} of ${nDocs} documents moved to extraction_failed`);
      const results = await pool.query<{ r: string; n: string }>(
        `select processing_result::text as r, count(*) as n from webhook_deliveries where delivery_id = any($1::text[]) group by 1 order by 1`,
        [deliveries.map((d) => d.id)],
      );
      if (!topo.apps.every((a) => a.proc.alive()) || !topo.workers.every((w) => w.alive()))
        failures.push('an app or worker process died');

      return {
        figures: [
          { label: 'topology', value: '2 apps (scripts/server.ts), 2 workers, 1 database' },
          {
            label: 'deliveries × copies',
            value: `${fmt(deliveries.length)} × ${copies} = ${fmt(posts.length)} posts in ${seconds.toFixed(1)} s (${Math.round(posts.length / seconds)}/s), ${refused} not 2xx`,
          },
          {
            label: 'answered as new',
            value: `exactly once for ${fmt(newPerKey.size - takenTwice)} of ${fmt(deliveries.length)}; twice ${takenTwice}; never ${neverNew}`,
          },
          {
            label: 'rows per delivery ID',
            value: `${fmt(stored.size)} IDs stored, ${extraRows} extra rows; duplicates counted ${fmt(dupCounted)}`,
          },
          {
            label: 'processing jobs',
            value: `${fmt(jobs.rows)} rows, ${jobs.withSeveral} with >1 job, ${jobs.withoutJob} with none`,
          },
          { label: 'processing results', value: results.rows.map((r) => `${r.r} ${r.n}`).join(', ') },
          {
            label: 'effects',
            value: `${fmt(delivered)}/${fmt(nSends)} delivered, ${fmt(extractionFailed)}/${fmt(nDocs)} extraction failed, ${twice} applied twice`,
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
