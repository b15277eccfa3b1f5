// PostgreSQL restarted under load: a webhook stream and GoRoute sends are flowing when the server is shut down
// (fast shutdown: every session is cut) and started again a few seconds later on the same port. Nobody touches
// the app or the worker. While the database is down a webhook must never get a 2xx (the provider would not
// redeliver it, and it could not have been stored); afterwards the same processes must accept webhooks and
// finish the sends by themselves.
import path from 'node:path';
import { eventually, fmt, keyOf, storedPerDelivery, waitProcessed } from './lib/checks';
import { prepareDatabase, scenarioPool } from './lib/database';
import { startRestartablePostgres } from './lib/postgres';
import { sleep } from './lib/processes';
import { describeCounts, insertQueuedSends, insertSendingTransactions, statusCounts } from './lib/rows';
import { startStream } from './lib/stream';
import { startTopology } from './lib/topology';
import { gorouteDelivery, is2xx } from './lib/webhooks';
import type { Scenario } from './lib/types';

type RemoteTx = { idempotency_key: string | null };

export default {
  name: 'pg-restart',
  title: 'PostgreSQL restarted under load (webhooks and sends flowing)',
  proves:
    'While PostgreSQL is down a webhook gets a 5xx, never a 2xx; once it is back the same app and worker processes accept webhooks and complete queued sends without a restart.',
  fast: true,
  async run(ctx) {
    const failures: string[] = [];
    const downMs = ctx.fast ? 5_000 : 15_000;
    const nSends = ctx.fast ? 20 : 30;
    const dir = path.join(ctx.workDir, 'pg-restart');
    // Its own server: restarting the shared one would pull it from under everything else on this machine.
    const pg = await startRestartablePostgres(path.join(dir, 'postgres'), path.join(dir, 'postgres.log'));
    ctx.secret(pg.password);
    let pgUp = true;
    await prepareDatabase(pg.url, ctx.demoPassword!);
    const pool = scenarioPool(pg.url);
    const topo = await startTopology(
      { name: 'pg-restart', workDir: ctx.workDir, databaseUrl: pg.url, secret: ctx.secret },
      ctx.env!,
    );
    const app = topo.apps[0]!;
    const worker = topo.workers[0]!;
    try {
      const tag = `pr${Date.now().toString(36)}`;
      const targets = await insertSendingTransactions(pool, 200, tag);
      // A send caught mid-flight by the restart loses its job's completion and runs again only when the job
      // expires (120 s, lib/jobs/queues.ts); the full run covers that, --fast queues its sends after the restart.
      const before = ctx.fast ? [] : await insertQueuedSends(pool, pg.url, nSends, `${tag}a`);
      const stream = startStream({
        target: () => app.url,
        secrets: topo.webhookSecrets,
        concurrency: 4,
        pauseMs: 20,
        make: (n) =>
          gorouteDelivery(n % 2 ? 'document.validated' : 'transaction.created', {
            transaction_id: targets[n % targets.length]!.gorouteId,
            status: 'pending',
            valid: true,
          }),
      });
      await sleep(3_000);
      ctx.log(`stopping PostgreSQL for ${downMs / 1000} s under load …`);
      await pg.stop();
      pgUp = false;
      const downAt = Date.now();
      await sleep(downMs);
      const upCalledAt = Date.now();
      await pg.start();
      pgUp = true;
      const upAt = Date.now();
      ctx.log('PostgreSQL is back; waiting for the app to accept webhooks again …');
      const recovered = await eventually(
        async () => stream.sent.some((s) => s.startedAt >= upAt && is2xx(s.attempt)),
        120_000,
        250,
      );
      await sleep(3_000);
      const sent = await stream.stop();
      const firstOk = sent
        .filter((s) => s.startedAt >= upAt && is2xx(s.attempt))
        .sort((a, b) => a.endedAt - b.endedAt)[0];
      if (!recovered) failures.push('the app did not accept a webhook within 2 min of PostgreSQL coming back');

      // Judged only on requests wholly inside the outage: one that began before the shutdown may have committed.
      const whileDown = sent.filter((s) => s.startedAt >= downAt && s.endedAt <= upCalledAt);
      const down2xx = whileDown.filter((s) => is2xx(s.attempt)).length;
      const down5xx = whileDown.filter((s) => (s.attempt.status ?? 0) >= 500).length;
      const downOther = whileDown.length - down2xx - down5xx;
      if (whileDown.length === 0)
        failures.push('no webhook was posted while the database was down; nothing was tested');
      if (down2xx) failures.push(`${down2xx} webhooks got a 2xx while the database was down`);
      if (downOther)
        failures.push(
          `${downOther} webhooks got neither a 5xx nor a 2xx while the database was down (e.g. ${JSON.stringify(whileDown.find((s) => !is2xx(s.attempt) && (s.attempt.status ?? 0) < 500)?.attempt)})`,
        );

      const acked = sent.filter((s) => is2xx(s.attempt)).map((s) => s.delivery);
      const stored = await storedPerDelivery(pool, acked);
      const lost = acked.filter((d) => !stored.has(keyOf(d))).length;
      if (lost) failures.push(`${lost} acknowledged webhooks are not in the database`);
      const left = await waitProcessed(pool, acked, 180_000);
      const processedAfter = (Date.now() - upAt) / 1000;
      if (left) failures.push(`${left} stored webhooks still unprocessed 3 min after the restart`);

      // New work after the restart, on the same processes.
      const after = await insertQueuedSends(pool, pg.url, nSends, `${tag}b`);
      const ids = [...before, ...after].map((s) => s.id);
      const delivered = await eventually(
        async () => ((await statusCounts(pool, ids)).delivered ?? 0) === ids.length,
        5 * 60_000,
        1_000,
      );
      const counts = await statusCounts(pool, ids);
      const sendsDoneAfter = (Date.now() - upAt) / 1000;
      if (!delivered) failures.push(`queued sends did not all complete within 5 min: ${describeCounts(counts)}`);
      const { transactions } = (await topo.control('/goroute/transactions')) as { transactions: RemoteTx[] };
      const keys = new Set([...before, ...after].map((s) => s.key));
      const remote = transactions.filter((t) => t.idempotency_key && keys.has(t.idempotency_key)).length;
      if (remote !== keys.size) failures.push(`GoRoute holds ${remote} transactions for ${keys.size} sends`);
      if (!app.proc.alive()) failures.push('the app process died');
      if (!worker.alive()) failures.push('the worker process died');

      return {
        figures: [
          { label: 'PostgreSQL down', value: `${((upAt - downAt) / 1000).toFixed(1)} s (fast shutdown, same port)` },
          {
            label: 'webhooks posted while down',
            value: `${fmt(whileDown.length)}: ${fmt(down5xx)} × 5xx, ${fmt(down2xx)} × 2xx, ${fmt(downOther)} other/no answer`,
          },
          {
            label: 'first 2xx after PostgreSQL was back',
            value: firstOk ? `${((firstOk.endedAt - upAt) / 1000).toFixed(1)} s` : 'never',
          },
          {
            label: 'webhooks acked / lost',
            value: `${fmt(acked.length)} / ${fmt(lost)} (of ${fmt(sent.length)} posted); all processed ${processedAfter.toFixed(0)} s after the restart`,
          },
          {
            label: ctx.fast ? 'sends (queued after the restart)' : 'sends (queued before / after the restart)',
            value: `${describeCounts(counts)} (${sendsDoneAfter.toFixed(0)} s after the restart); ${remote} GoRoute transactions for ${keys.size} keys`,
          },
          {
            label: 'app / worker restarted by hand',
            value: `no / no (still pid ${app.proc.pid} / ${worker.pid}: ${app.proc.alive() && worker.alive() ? 'alive' : 'DEAD'})`,
          },
        ],
        failures,
      };
    } finally {
      await topo.stop();
      await pool.end();
      if (pgUp) await pg.stop();
      else await pg.stop().catch(() => {});
    }
  },
} satisfies Scenario;
