import { drizzle } from 'drizzle-orm/node-postgres';
import type PgBoss from 'pg-boss';
import type { Pool, PoolClient } from 'pg';
import type { Database } from '@/db/client';
import type { QueueName } from '../lib/jobs/queues';

export type Enqueue = (queue: QueueName, data: object, options?: PgBoss.SendOptions) => Promise<void>;
export type EnqueueMany = (queue: QueueName, data: object[]) => Promise<void>;

// One drizzle instance per pooled connection, made once: drizzle caches each table's snake_case column names
// per instance, and rebuilding that for every transaction was a visible share of a busy worker's CPU.
const onClient = new WeakMap<PoolClient, Database>();
function drizzleOn(client: PoolClient): Database {
  let tx = onClient.get(client);
  if (!tx) {
    // No schema: the console never uses relational queries, which would rebuild every table's relations too.
    tx = drizzle({ client, casing: 'snake_case' }) as unknown as Database;
    onClient.set(client, tx);
  }
  return tx;
}

/**
 * One database transaction in which state changes and the jobs they lead to commit together (a
 * transactional outbox without the outbox: pg-boss writes its job rows through the same client).
 */
export async function inTransaction<T>(
  pool: Pool,
  boss: PgBoss,
  fn: (tx: Database, enqueue: Enqueue, enqueueMany: EnqueueMany) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const tx = drizzleOn(client);
    const enqueue: Enqueue = async (queue, data, options = {}) => {
      await boss.send(queue, data, { ...options, db: { executeSql: (text, values) => client.query(text, values) } });
    };
    // Many jobs in one insert (bulk retry), through the same client and transaction.
    const enqueueMany: EnqueueMany = async (queue, data) => {
      await boss.insert(
        data.map((d) => ({ name: queue, data: d })),
        { db: { executeSql: (text, values) => client.query(text, values) } },
      );
    };
    const result = await fn(tx, enqueue, enqueueMany);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
