// GoRoute answers 503 to everything for a window while sends are queued: 5 min, longer than the old schedule
// (8 attempts 2ⁿ × 2 s apart, which gave up within 2–4 min), or 20 s with --fast. Nothing may be lost or
// dead-lettered, every retry must follow the schedule (lib/rules/retry-schedule.ts), each send must still have a retry
// scheduled when the outage ends, everything must be delivered once GoRoute is back, and the console's list
// pages must stay usable meanwhile.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_ATTEMPTS, RETRY_SPAN_MS, formatSpan, retryDelayBounds, retrySchedule } from '@/lib/rules/retry-schedule';
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
  proves: `A GoRoute outage of minutes loses nothing and dead-letters nothing: every retry follows the schedule (${MAX_ATTEMPTS} attempts over ${formatSpan(RETRY_SPAN_MS)}, never sooner than Retry-After), each send still has a retry scheduled when GoRoute returns, all are then delivered exactly once, and the console stays responsive during the outage.`,
  fast: true,
  async run(ctx) {
    const failures: string[] = [];
    const windowMs = ctx.fast ? 20_000 : 5 * 60_000;
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

      // As the outage ends: every send failed, none dead-lettered, each with a retry still scheduled.
      await sleep(Math.max(0, outageStart + windowMs - Date.now()));
      const atEnd = (
        await pool.query<{ dead: string; waiting: string }>(
          `select count(*) filter (where dead_lettered_at is not null) as dead,
                  count(*) filter (where status = 'failed' and dead_lettered_at is null and last_error_retryable and next_attempt_at is not null) as waiting
             from transactions where id = any($1::uuid[])`,
          [ids],
        )
      ).rows[0]!;
      if (Number(atEnd.dead) > 0) failures.push(`${atEnd.dead} sends were dead-lettered during the outage`);
      if (Number(atEnd.waiting) !== n)
        failures.push(`${n - Number(atEnd.waiting)} of ${n} sends had no retry scheduled when the outage ended`);

      // The next attempt after the outage is due up to one schedule step (+10 % jitter) later.
      const lastStep = retrySchedule().find((a) => a.atMs > windowMs)?.atMs ?? RETRY_SPAN_MS;
      const delivered = await eventually(
        async () => ((await statusCounts(pool, ids)).delivered ?? 0) === n,
        lastStep * 1.1 - windowMs + 2 * 60_000,
        1_000,
      );
      const counts = await statusCounts(pool, ids);
      const doneAt = Date.now();
      if (!delivered)
        failures.push(`not every send was delivered by its first retry after the outage: ${describeCounts(counts)}`);
      const dead = Number(
        (
          await pool.query<{ n: string }>(
            `select count(*) as n from transactions where id = any($1::uuid[]) and dead_lettered_at is not null`,
            [ids],
          )
        ).rows[0]?.n,
      );
      if (dead) failures.push(`${dead} sends were dead-lettered by a retryable outage`);

      // Attempt times per send, from the API-call audit (validate is the first call of every attempt).
      const calls = await pool.query<{ transaction_id: string; at: Date; status: number | null }>(
        `select transaction_id, created_at as at, http_status as status from api_calls
          where transaction_id = any($1::uuid[]) and operation = 'documents.validate' order by transaction_id, created_at`,
        [ids],
      );
      const perTxn = new Map<string, { at: number; status: number | null }[]>();
      for (const c of calls.rows)
        perTxn.set(c.transaction_id, [
          ...(perTxn.get(c.transaction_id) ?? []),
          { at: c.at.getTime(), status: c.status },
        ]);
      const failedAttempts: number[] = [];
      const lines: string[] = [];
      for (const [id, list] of perTxn) {
        failedAttempts.push(list.filter((a) => a.status === 503).length);
        if (lines.length < 5)
          lines.push(
            `${id.slice(0, 8)}: ${list.map((a) => `+${((a.at - outageStart) / 1000).toFixed(1)}s ${a.status ?? 'err'}`).join(', ')}`,
          );
      }
      for (const l of lines) ctx.log(`attempts ${l}`);
      // Attempts due within the outage: the first, and each retry of the schedule that falls inside the window.
      const dueInOutage = retrySchedule().filter((a) => a.atMs * 1.1 < windowMs - 5_000).length;
      if (Math.min(...failedAttempts) < 1 || Math.max(0, ...failedAttempts) < dueInOutage)
        failures.push(
          `sends failed at most ${Math.max(0, ...failedAttempts)} attempts during the outage, ${dueInOutage} were due: the outage was not observed`,
        );

      // The backoff as scheduled: each retry is a new job due `delay` after it was created
      // (lib/rules/retry-schedule.ts). Judged on the queue's schedule, not on wall-clock gaps, which a busy machine
      // stretches.
      const jobs = await pool.query<{ id: string; delay: number }>(
        `select data->>'transactionId' as id, extract(epoch from start_after - created_on)::float8 as delay from (
           select data, created_on, start_after from pgboss.job where name = 'transaction-send' and data->>'transactionId' = any($1::text[])
           union all select data, created_on, start_after from pgboss.archive where name = 'transaction-send' and data->>'transactionId' = any($1::text[])) j
         order by data->>'transactionId', created_on`,
        [ids],
      );
      const delays = new Map<string, number[]>();
      for (const j of jobs.rows) delays.set(j.id, [...(delays.get(j.id) ?? []), Math.round(j.delay)]);
      // Retry k waits its step of the schedule, up to 10 % more (whole seconds in the queue), and never less than
      // Retry-After (1 s here); the first job is the send itself, due at once.
      const offSchedule = [...delays.values()].filter((d) =>
        d.slice(1).some((v, i) => {
          const { minMs, maxMs } = retryDelayBounds(i + 1);
          return v < 1 || v < Math.ceil(minMs / 1000) - 1 || v > Math.ceil(maxMs / 1000) + 1;
        }),
      ).length;
      if (offSchedule)
        failures.push(`${offSchedule} sends scheduled a retry off the schedule (or sooner than Retry-After)`);
      const schedule = [...delays.values()]
        .slice(0, 3)
        .map((d) =>
          d
            .slice(1)
            .map((v) => `${v} s`)
            .join(' → '),
        )
        .join(' | ');
      const { transactions } = (await control('/goroute/transactions')) as {
        transactions: { idempotency_key: string | null }[];
      };
      const keys = new Set(sends.map((s) => s.key));
      const remote = transactions.filter((t) => t.idempotency_key && keys.has(t.idempotency_key)).length;
      if (remote !== n) failures.push(`GoRoute holds ${remote} transactions for ${n} sends`);

      const all = [...timings.values()].flat();
      return {
        figures: [
          {
            label: 'outage',
            value: `${windowMs / 1000} s of 503 on every GoRoute endpoint, ${n} sends queued at its start; the schedule: ${retrySchedule()
              .map((a) => formatSpan(a.atMs))
              .join(', ')}`,
          },
          {
            label: 'as the outage ended',
            value: `${atEnd.waiting} of ${n} sends failed with a retry scheduled, ${atEnd.dead} dead-lettered`,
          },
          {
            label: 'failed attempts per send (503)',
            value: `min ${Math.min(...failedAttempts)}, max ${Math.max(...failedAttempts)}`,
          },
          { label: 'retry delays scheduled (first sends)', value: schedule },
          {
            label: 'attempt times of the first sends (s after the outage began)',
            value: lines.slice(0, 3).join(' | '),
          },
          {
            label: 'final status',
            value: `${describeCounts(counts)}; dead-lettered ${dead}; all delivered ${((doneAt - outageStart - windowMs) / 1000).toFixed(0)} s after recovery`,
          },
          { label: 'GoRoute transactions per send', value: `${fmt(remote)} for ${fmt(n)} keys` },
          {
            label: 'list pages during the outage',
            value: `${percentiles(all)}; ${PAGES.map((p) => `${p} ${percentiles(timings.get(p)!).split(',')[1]!.trim()}`).join(', ')}`,
          },
        ],
        failures,
      };
    } finally {
      await control('/faults', undefined, 'DELETE').catch(() => {});
      await pool.end();
    }
  },
} satisfies Scenario;
