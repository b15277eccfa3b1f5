// kill -9 of the worker while it is inside a GoRoute send (the sandbox holds the request open). The send job is
// left `active` by the dead process; pg-boss's expiry (queue policy, lib/jobs/queues.ts) fails it by timeout and
// retries it on the worker started in its place, which sends again with the transaction's one idempotency key.
// GoRoute must end up with exactly one transaction per document, and the console must show it delivered.
import { prepareDatabase, scenarioPool } from './lib/database';
import { eventually, fmt } from './lib/checks';
import { describeCounts, insertQueuedSends, statusCounts } from './lib/rows';
import { startTopology } from './lib/topology';
import type { Scenario } from './lib/types';

type RemoteTx = {
  id: string;
  idempotency_key: string | null;
  send_requests: number;
  conflicts: number;
  status: string;
};
type Fault = { id: string; hits: number };

export default {
  name: 'crash-send',
  title: 'kill -9 of a worker in the middle of a GoRoute send',
  proves:
    'A send interrupted by a worker crash is retried by the queue with the same idempotency key and GoRoute ends up with exactly one transaction per document.',
  // Not in the CI subset: recovery waits for the real job expiry (120 s) and maintenance interval (30 s).
  fast: false,
  async run(ctx) {
    const failures: string[] = [];
    const db = await ctx.freshDatabase!('crash_send');
    await prepareDatabase(db.url, ctx.demoPassword!);
    const pool = scenarioPool(db.url);
    const topo = await startTopology(
      { name: 'crash-send', workDir: ctx.workDir, databaseUrl: db.url, secret: ctx.secret },
      ctx.env!,
    );
    try {
      // The first send request GoRoute receives is held 3 s before it is handled. While it is held the worker is
      // frozen (SIGSTOP: its socket stays open), GoRoute accepts the send and answers into the frozen socket, and
      // then the worker is killed with -9: the worst moment — GoRoute has the invoice, we have no answer.
      const fault = (await topo.control('/faults', {
        provider: 'goroute',
        path: '/api/v1/send',
        method: 'POST',
        latencyMs: 3_000,
        times: 1,
      })) as { id: string };
      const sends = await insertQueuedSends(pool, db.url, 3, `crs${Date.now().toString(36)}`);
      const ids = sends.map((s) => s.id);
      const keys = new Map(sends.map((s) => [s.key, s]));
      const remoteTxs = async () =>
        ((await topo.control('/goroute/transactions')) as { transactions: RemoteTx[] }).transactions.filter(
          (t) => t.idempotency_key && keys.has(t.idempotency_key),
        );
      const inside = await eventually(
        async () => {
          const { faults } = (await topo.control('/faults')) as { faults: Fault[] };
          // The fault is gone once used up (times: 1): the request is in the sandbox's hands.
          return !faults.some((f) => f.id === fault.id && f.hits === 0);
        },
        60_000,
        50,
      );
      if (!inside) throw new Error("the worker never reached GoRoute's send endpoint");
      const worker = topo.workers[0]!;
      worker.freeze();
      const accepted = await eventually(async () => (await remoteTxs()).length > 0, 30_000, 100);
      if (!accepted) failures.push('GoRoute never accepted the send the worker was frozen in');
      const killedAt = Date.now();
      ctx.log(
        `GoRoute accepted the send; the worker (pid ${worker.pid}, frozen inside POST /api/v1/send) is killed with -9`,
      );
      await worker.kill9();
      const active = await pool.query<{ id: string; data: { transactionId: string } }>(
        `select id, data from pgboss.job where name = 'transaction-send' and state = 'active'`,
      );
      if (active.rows.length === 0)
        failures.push('no send job was left active by the killed worker (nothing to resume)');
      const orphanIds = new Set(active.rows.map((r) => r.id));

      // What a supervisor (systemd, Kubernetes, `npm start`'s own restart) does: start a worker again.
      await topo.startWorker();
      ctx.log(
        'a new worker is running; waiting for the queue to expire and retry the interrupted job (expiry 120 s + maintenance ≤ 30 s) …',
      );
      const done = await eventually(
        async () => {
          const c = await statusCounts(pool, ids);
          return (c.delivered ?? 0) === ids.length;
        },
        6 * 60_000,
        1_000,
      );
      const finalCounts = await statusCounts(pool, ids);
      if (!done) failures.push(`not every send was delivered within 6 min of the kill: ${describeCounts(finalCounts)}`);

      // The retried job: pg-boss keeps the same job ID and counts the retry.
      const retried = await pool.query<{
        id: string;
        retry_count: number;
        state: string;
        completed_on: Date | null;
        started_on: Date | null;
      }>(
        `select id, retry_count, state::text as state, completed_on, started_on from pgboss.job where id = any($1::uuid[])
         union all select id, retry_count, state::text, completed_on, started_on from pgboss.archive where id = any($1::uuid[])`,
        [[...orphanIds]],
      );
      const resumed = retried.rows.filter((r) => r.retry_count >= 1);
      if (orphanIds.size > 0 && resumed.length < orphanIds.size)
        failures.push(`${orphanIds.size - resumed.length} interrupted job(s) were never retried`);
      const resumedAfter = resumed
        .map((r) => (r.started_on ? (r.started_on.getTime() - killedAt) / 1000 : NaN))
        .filter(Number.isFinite);

      // GoRoute's view: one transaction per idempotency key, every request under the same key.
      const perKey = new Map<string, RemoteTx[]>();
      for (const t of await remoteTxs()) perKey.set(t.idempotency_key!, [...(perKey.get(t.idempotency_key!) ?? []), t]);
      for (const s of sends) {
        const n = perKey.get(s.key)?.length ?? 0;
        if (n !== 1) failures.push(`${s.key}: ${n} transactions at GoRoute (expected exactly 1)`);
      }
      const requests = [...perKey.values()].flat().map((t) => t.send_requests);
      // The send whose answer was lost reached GoRoute twice under one key: the retry got the first answer back.
      if (accepted && Math.max(0, ...requests) < 2)
        failures.push('no send reached GoRoute a second time under its key: the interrupted send was not retried');
      const conflicts = [...perKey.values()].flat().reduce((n, t) => n + t.conflicts, 0);
      if (conflicts) failures.push(`GoRoute answered ${conflicts} send(s) with 409 (same key, another body)`);
      // Our own record: every send call for these transactions carried the transaction's key.
      const calls = await pool.query<{ key: string | null; expected: string; status: number | null }>(
        `select a.idempotency_key as key, t.send_idempotency_key as expected, a.http_status as status from api_calls a join transactions t on t.id = a.transaction_id
          where a.transaction_id = any($1::uuid[]) and a.operation = 'documents.send'`,
        [ids],
      );
      const wrongKey = calls.rows.filter((c) => c.key !== c.expected).length;
      if (wrongKey) failures.push(`${wrongKey} send call(s) carried another idempotency key than their transaction's`);
      const local = await pool.query<{ n: string }>(
        `select count(distinct goroute_transaction_id) as n from transactions where id = any($1::uuid[])`,
        [ids],
      );

      return {
        figures: [
          {
            label: 'sends queued',
            value: `${ids.length}; the worker frozen inside the first send and killed once GoRoute had accepted it`,
          },
          { label: 'jobs left active by the kill', value: fmt(orphanIds.size) },
          {
            label: 'interrupted job retried after the kill',
            value: resumedAfter.length ? resumedAfter.map((s) => `${s.toFixed(0)} s`).join(', ') : 'never',
          },
          { label: 'final status', value: describeCounts(finalCounts) },
          { label: 'GoRoute transactions per key', value: sends.map((s) => perKey.get(s.key)?.length ?? 0).join(', ') },
          { label: 'GoRoute send requests per key (same key each)', value: requests.join(', ') },
          { label: 'send calls recorded / with another key', value: `${calls.rows.length} / ${wrongKey}` },
          { label: 'distinct GoRoute IDs stored', value: local.rows[0]?.n ?? '0' },
        ],
        failures,
      };
    } finally {
      await topo.stop();
      await pool.end();
    }
  },
} satisfies Scenario;
