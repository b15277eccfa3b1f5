import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { insertAcceptedDeliveries, type DeliveryRow } from '@/db/queries/webhook-ingest';
import { queues } from '@/lib/jobs/queues';

type Stored = { id: string; duplicate: boolean };
type Waiting = { row: DeliveryRow; resolve: (s: Stored) => void; reject: (e: unknown) => void };

const MAX_BATCH = 500;
const MAX_IN_FLIGHT = 2;

/**
 * Group commit for accepted webhook deliveries. Requests that arrive while a commit is in flight wait
 * for the next one and share it: one multi-row insert, one job insert and one COMMIT for the lot. Each
 * request is answered only after the commit that holds its row — the durability promise of the single
 * insert is unchanged, the per-commit cost (a WAL flush) is paid once per batch instead of per delivery.
 * When the receiver is idle a delivery is committed at once, alone: batching adds no waiting.
 */
export class GroupCommitter {
  private waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly deps: { pool: Pool; boss: PgBoss }) {}

  store(row: DeliveryRow): Promise<Stored> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.next();
    });
  }

  private next() {
    if (this.inFlight >= MAX_IN_FLIGHT || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, MAX_BATCH);
    this.inFlight += 1;
    this.commit(batch)
      .then((stored) => batch.forEach((w, i) => w.resolve(stored[i]!)))
      .catch((error: unknown) => batch.forEach((w) => w.reject(error)))
      .finally(() => {
        this.inFlight -= 1;
        this.next();
      });
  }

  private async commit(batch: Waiting[]): Promise<Stored[]> {
    const client = await this.deps.pool.connect();
    try {
      await client.query('begin');
      const stored = await insertAcceptedDeliveries(client, batch.map((w) => w.row));
      const jobs = stored.filter((s) => !s.duplicate).map((s) => ({ name: queues.webhookProcess, data: { deliveryRowId: s.id } }));
      // pg-boss writes the jobs through our client, inside our transaction.
      if (jobs.length > 0) await this.deps.boss.insert(jobs, { db: { executeSql: (text, values) => client.query(text, values) } });
      await client.query('commit');
      return stored;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

const committers = new WeakMap<Pool, GroupCommitter>();

/** One committer per pool (per process in the app; per test database in tests). */
export function groupCommitterFor(deps: { pool: Pool; boss: PgBoss }): GroupCommitter {
  let c = committers.get(deps.pool);
  if (!c) committers.set(deps.pool, (c = new GroupCommitter(deps)));
  return c;
}
