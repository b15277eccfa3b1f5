import type { Pool, PoolClient } from 'pg';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Jobs due now and not finished (pg-boss): what the worker(s) still have to do. */
async function backlog(db: Pool | PoolClient): Promise<number> {
  const r = await db.query<{ n: string }>(
    `select count(*) as n from pgboss.job where state in ('created', 'retry', 'active') and start_after <= now() and name not like '\\_\\_pgboss%'`,
  );
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Waits until the worker has caught up — another benchmark's deliveries, a previous run's webhooks — down to a
 * few jobs (polls of seeded in-flight items the sandbox does not know keep retrying in the background), so each
 * measurement starts from an idle stack. Returns what is still due.
 */
export async function drained(db: Pool | PoolClient, timeoutMs: number, few = 10): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let n = await backlog(db);
  while (n > few && Date.now() < deadline) {
    await sleep(1_000);
    n = await backlog(db);
  }
  return n;
}
