import { drizzle } from 'drizzle-orm/node-postgres';
import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import type { Database } from '@/db/client';
import * as schema from '@/db/schema';
import type { QueueName } from './queues';

export type Enqueue = (queue: QueueName, data: object, options?: PgBoss.SendOptions) => Promise<void>;
export type EnqueueMany = (queue: QueueName, data: object[]) => Promise<void>;

/**
 * One database transaction in which state changes and the jobs they lead to commit together (a
 * transactional outbox without the outbox: pg-boss writes its job rows through the same client).
 */
export async function inTransaction<T>(pool: Pool, boss: PgBoss, fn: (tx: Database, enqueue: Enqueue, enqueueMany: EnqueueMany) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const tx = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Database;
    const enqueue: Enqueue = async (queue, data, options = {}) => {
      await boss.send(queue, data, { ...options, db: { executeSql: (text, values) => client.query(text, values) } });
    };
    // Many jobs in one insert (bulk retry), through the same client and transaction.
    const enqueueMany: EnqueueMany = async (queue, data) => {
      await boss.insert(data.map((d) => ({ name: queue, data: d })), { db: { executeSql: (text, values) => client.query(text, values) } });
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
