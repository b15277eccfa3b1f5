// GoRoute answers 503 to everything for a window (time-compressed: 60 s, 20 s with --fast) while sends are
// queued. Nothing may be lost or dead-lettered, the retries must back off (printed: each send's attempt times),
// everything must be delivered once GoRoute is back, and the console's list pages must stay usable meanwhile.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventually, fmt, percentiles } from './lib/checks';
import { scenarioPool } from './lib/database';
import { controlClient, request } from './lib/http';
import { sleep } from './lib/processes';
import { describeCounts, insertQueuedSends, statusCounts } from './lib/rows';
import type { Scenario } from './lib/types';

const PAGES = ['/documents', '/transactions', '/failures', '/webhooks'];

export default {
  name: 'outage-goroute',
  title: 'GoRoute returns 503 for a window while sends are queued',
  proves: 'A GoRoute outage loses nothing: sends back off with growing delays, are all delivered exactly once after recovery, and the console stays responsive during the outage.',
  fast: true,
  async run(ctx) {
    const failures: string[] = [];
    const windowMs = ctx.fast ? 20_000 : 60_000;
    const n = ctx.fast ? 20 : 60;
    const stack = await ctx.stack();
    const dir = path.join(ctx.workDir, 'outage-goroute');
    mkdirSync(dir, { recursive: true });
    const control = controlClient(stack.sandboxControl);
    const pool = scenarioPool(stack.databaseUrl);
    const cookie = await stack.cookie('support');
    try {
      await control('/faults', undefined, 'DELETE');
      // Every GoRoute endpoint (validate, send, transactions, health) answers 503 + Retry-After: 1 for the window.
      await control('/faults', { provider: 'goroute', outageMs: windowMs });
      const outageStart = Date.now();
      const sends = await insertQueuedSends(pool, stack.databaseUrl, n, `og${Date.now().toString(36)}`);
      const ids = sends.map((s) => s.id);
      ctx.log(`${n} sends queued; GoRoute is down for ${windowMs / 1000} s; timing list pages meanwhile …`);

      // The console during the outage: a support user paging through the lists, one request after another.
      const timings = new Map<string, number[]>(PAGES.map((p) => [p, []]));
      const bad: string[] = [];
      while (Date.now() < outageStart + windowMs - 500) {
        for (const p of PAGES) {
          const t0 = performance.now();
          const res = await request(`${stack.baseUrl}${p}`, { headers: { cookie }, timeoutMs: 60_000 });
          timings.get(p)!.push(performance.now() - t0);
          if (res.status !== 200) bad.push(`${p} → ${res.status}`);
          writeFileSync(path.join(dir, `${p.slice(1)}.html`), res.text);
        }
        await sleep(200);
      }
      if (bad.length) failures.push(`list pages failed during the outage: ${bad.slice(0, 5).join(', ')}`);

      const delivered = await eventually(async () => ((await statusCounts(pool, ids)).delivered ?? 0) === n, 5 * 60_000, 1_000);
      const counts = await statusCounts(pool, ids);
      const doneAt = Date.now();
      if (!delivered) failures.push(`not every send was delivered within 5 min after the outage: ${describeCounts(counts)}`);
      const dead = Number((await pool.query<{ n: string }>(`select count(*) as n from transactions where id = any($1::uuid[]) and dead_lettered_at is not null`, [ids])).rows[0]?.n);
      if (dead) failures.push(`${dead} sends were dead-lettered by a retryable outage`);

      // Attempt times per send, from the API-call audit (validate is the first call of every attempt).
      const calls = await pool.query<{ transaction_id: string; at: Date; status: number | null }>(
        `select transaction_id, created_at as at, http_status as status from api_calls
          where transaction_id = any($1::uuid[]) and operation = 'documents.validate' order by transaction_id, created_at`,
        [ids],
      );
      const perTxn = new Map<string, { at: number; status: number | null }[]>();
      for (const c of calls.rows) perTxn.set(c.transaction_id, [...(perTxn.get(c.transaction_id) ?? []), { at: c.at.getTime(), status: c.status }]);
      let notBackingOff = 0;
      const failedAttempts: number[] = [];
      const lines: string[] = [];
      for (const [id, list] of perTxn) {
        const gaps = list.slice(1).map((a, i) => (a.at - list[i]!.at) / 1000);
        failedAttempts.push(list.filter((a) => a.status === 503).length);
        // Full-jitter exponential backoff: the first gap is at most ~2 s, the third at least 4 s.
        if (gaps.length >= 3 && !(gaps.at(-1)! > gaps[0]!)) notBackingOff += 1;
        if (lines.length < 5) lines.push(`${id.slice(0, 8)}: ${list.map((a) => `+${((a.at - outageStart) / 1000).toFixed(1)}s ${a.status ?? 'err'}`).join(', ')}`);
      }
      if (notBackingOff) failures.push(`${notBackingOff} sends retried without growing delays`);
      if (Math.max(0, ...failedAttempts) < 3) failures.push('no send failed three times: the outage was not observed');
      for (const l of lines) ctx.log(`attempts ${l}`);
      const first = [...perTxn.keys()][0];
      const jobs = await pool.query<{ created_on: Date; start_after: Date; started_on: Date | null; completed_on: Date | null; output: unknown }>(
        `select created_on, start_after, started_on, completed_on, output from pgboss.job where name = 'transaction-send' and data->>'transactionId' = $1
         union all select created_on, start_after, started_on, completed_on, output from pgboss.archive where name = 'transaction-send' and data->>'transactionId' = $1 order by 1`,
        [first],
      );
      const rel = (d: Date | null) => (d ? `+${((d.getTime() - outageStart) / 1000).toFixed(1)}` : '-');
      for (const j of jobs.rows) ctx.log(`job created ${rel(j.created_on)} due ${rel(j.start_after)} started ${rel(j.started_on)} done ${rel(j.completed_on)} ${JSON.stringify(j.output)}`);

      const { transactions } = (await control('/goroute/transactions')) as { transactions: { idempotency_key: string | null }[] };
      const keys = new Set(sends.map((s) => s.key));
      const remote = transactions.filter((t) => t.idempotency_key && keys.has(t.idempotency_key)).length;
      if (remote !== n) failures.push(`GoRoute holds ${remote} transactions for ${n} sends`);

      const all = [...timings.values()].flat();
      return {
        figures: [
          { label: 'outage', value: `${windowMs / 1000} s of 503 on every GoRoute endpoint, ${n} sends queued at its start` },
          { label: 'failed attempts per send (503)', value: `min ${Math.min(...failedAttempts)}, max ${Math.max(...failedAttempts)}` },
          { label: 'attempt times of the first sends (s after the outage began)', value: lines.slice(0, 3).join(' | ') },
          { label: 'final status', value: `${describeCounts(counts)}; dead-lettered ${dead}; all delivered ${((doneAt - outageStart - windowMs) / 1000).toFixed(0)} s after recovery` },
          { label: 'GoRoute transactions per send', value: `${fmt(remote)} for ${fmt(n)} keys` },
          { label: 'list pages during the outage', value: `${percentiles(all)}; ${PAGES.map((p) => `${p} ${percentiles(timings.get(p)!).split(',')[1]!.trim()}`).join(', ')}` },
        ],
        failures,
      };
    } finally {
      await control('/faults', undefined, 'DELETE').catch(() => {});
      await pool.end();
    }
  },
} satisfies Scenario;
