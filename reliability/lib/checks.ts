// What the scenarios count in the database to prove "once and only once": stored deliveries per delivery ID,
// processing jobs per delivery, state transitions per document. Counted, never assumed from the schema.
import type pg from 'pg';
import { sleep } from './processes';
import type { Delivery } from './webhooks';

/** How many accepted (validly signed) rows each delivery has; keys `provider:id`. */
export async function storedPerDelivery(pool: pg.Pool, deliveries: Delivery[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ key: string; n: string }>(
    `select provider::text || ':' || delivery_id as key, count(*) as n from webhook_deliveries
      where signature_result in ('valid', 'valid_previous_secret') and delivery_id = any($1::text[]) group by 1`,
    [deliveries.map((d) => d.id)],
  );
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

export const keyOf = (d: Delivery) => `${d.provider}:${d.id}`;

/**
 * Processing jobs per stored delivery (live and archived pg-boss jobs alike): the receiver must enqueue exactly
 * the row in one (a job holds the new deliveries of one group commit), never one per duplicate.
 */
export async function jobsPerDelivery(
  pool: pg.Pool,
  deliveries: Delivery[],
): Promise<{ rows: number; withoutJob: number; withSeveral: number }> {
  const { rows } = await pool.query<{ jobs: string }>(
    `with mine as (
       select id::text as id from webhook_deliveries where delivery_id = any($1::text[]) and signature_result in ('valid', 'valid_previous_secret')
     ), jobs as (
       select jsonb_array_elements_text(data->'deliveryRowIds') as id from pgboss.job where name = 'webhook-process'
       union all select jsonb_array_elements_text(data->'deliveryRowIds') from pgboss.archive where name = 'webhook-process'
     )
     select (select count(*) from jobs where jobs.id = mine.id) as jobs from mine`,
    [deliveries.map((d) => d.id)],
  );
  return {
    rows: rows.length,
    withoutJob: rows.filter((r) => Number(r.jobs) === 0).length,
    withSeveral: rows.filter((r) => Number(r.jobs) > 1).length,
  };
}

/** Documents that made the same automatic transition more than once (an effect applied twice). */
export async function repeatedTransitions(pool: pg.Pool, documentIds: string[]): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `select count(*) as n from (
       select document_id, to_state from timeline_events
        where document_id = any($1::uuid[]) and kind = 'transition' group by 1, 2 having count(*) > 1) t`,
    [documentIds],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Transitions into `state` among these documents. */
export async function transitionsInto(pool: pg.Pool, documentIds: string[], state: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `select count(*) as n from timeline_events where document_id = any($1::uuid[]) and kind = 'transition' and to_state = $2`,
    [documentIds, state],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Waits until the worker processed every stored delivery of the list (none left `queued`); returns how many are left. */
export async function waitProcessed(pool: pg.Pool, deliveries: Delivery[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ n: string }>(
      `select count(*) as n from webhook_deliveries where delivery_id = any($1::text[]) and processing_result = 'queued'`,
      [deliveries.map((d) => d.id)],
    );
    const left = Number(rows[0]?.n ?? 0);
    if (left === 0 || Date.now() > deadline) return left;
    await sleep(500);
  }
}

/** Polls `check` until it returns true or time runs out; returns whether it held. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // the database or a server may be coming back; try again
    }
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

export const fmt = (n: number) => n.toLocaleString('en-US');

/** p50/p95/max of a list of milliseconds, e.g. `p50 12 ms, p95 40 ms, max 61 ms (n=90)`. */
export function percentiles(ms: number[]): string {
  if (ms.length === 0) return 'no samples';
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return `p50 ${Math.round(at(0.5))} ms, p95 ${Math.round(at(0.95))} ms, max ${Math.round(s.at(-1)!)} ms (n=${s.length})`;
}
