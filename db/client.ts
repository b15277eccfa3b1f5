import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { getEnv } from '@/lib/env';
import * as schema from './schema';

export type Database = NodePgDatabase<typeof schema>;
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** The database or an open transaction: what a query or write needs to run. */
export type Executor = Database | Tx;

/** A drizzle database over its own pool; scripts and tests use this with an explicit URL. */
export function createDatabase(url: string, max = 10) {
  // JIT off: the console runs short indexed queries, and on tables of millions of rows PostgreSQL would
  // otherwise spend up to a second compiling a plan that then runs in milliseconds.
  const pool = new Pool({ connectionString: url, max, application_name: 'invoice-ops', options: '-c jit=off' });
  // An idle client losing its connection (database restart) must not crash the process;
  // the pool drops it and the next query reconnects.
  pool.on('error', () => {});
  // The same for a client that is checked out (pool.connect(): a transaction, a group commit) when the server
  // goes away between two of its queries: pg emits that error on the client, where the pool's handler above does
  // not listen, and an 'error' event without a listener kills the process. Found by
  // `npm run test:reliability -- --only pg-restart` (the worker died on a PostgreSQL restart). The error still
  // reaches the code: the transaction's next query fails, and release() discards the broken connection.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzle({ client: pool, schema, casing: 'snake_case' });
  return { db, pool };
}

// One pool per server process, created on first use so that importing this module is free.
const globalForDb = globalThis as unknown as { invoiceOpsDb?: ReturnType<typeof createDatabase> };

function processDatabase() {
  if (!globalForDb.invoiceOpsDb) {
    const env = getEnv();
    globalForDb.invoiceOpsDb = createDatabase(env.DATABASE_URL, env.DATABASE_POOL_MAX);
  }
  return globalForDb.invoiceOpsDb;
}

/** The app's pool, for the few hot paths that need a raw client (webhook ingest's single transaction). */
export function getPool() {
  return processDatabase().pool;
}

/** The app's database. */
export const db: Database = new Proxy({} as Database, {
  get(_target, prop) {
    const real = processDatabase().db;
    const value = Reflect.get(real, prop, real);
    return typeof value === 'function' ? value.bind(real) : value;
  },
});
