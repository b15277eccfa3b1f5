// Item 4 of issue #6: a bulk retry of 10,000 failed sends against the sandbox limited to 50 requests/s drains
// at ≥ 90 % of the limit, with no duplicate send and no 429 beyond the first.
//
// Each run inserts its own failed sends (documents + transactions with UBL the sandbox accepts, a retryable
// category no other failed send in the data has), runs lib/operations/bulk-retry.ts as the admin — the code
// behind the Failures page's button — and waits until GoRoute accepted every one. Afterwards it removes what it
// inserted (rows, their API calls, webhooks, timeline and jobs) and puts metric_rollups back as they were.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { buildCompanies } from '@/demo/world/companies';
import type { Amounts } from '@/demo/world/amounts';
import { buildUbl } from '@/demo/world/ubl';
import { createDatabase } from '@/db/client';
import { transactions, type ErrorCategory } from '@/db/schema';
import { and, count, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { bulkRetryableSql, PERSON_RETRY_CATEGORIES } from '@/lib/rules/sends';
import { createBoss } from '@/lib/jobs/queues';
import { bulkRetry, BULK_LIMIT } from '@/lib/operations/bulk-retry';
import { formatCents, taxCents } from '@/demo/world/amounts';
import { storedParticipant } from '@/lib/identifiers';
import { drained } from './lib/queue';
import { restoreRollups, snapshotRollups } from './lib/rollups';
import { removeRows } from './lib/remove-rows';
import type { BenchContext, BenchModule, BenchResult } from './lib/types';

const LIMIT_PER_SECOND = 50;
const KEY_PREFIX = 'send:bench-retry-';
const SOURCE_PREFIX = 'BENCH-RETRY-';
// Retryable categories in order of preference; the first no failed send in the data has is used, so the bulk
// retry (filtered by category, as a person would) touches exactly the benchmark's rows.
// The categories a bulk retry takes (lib/rules/sends.ts); the run uses one that holds no one else's sends.
const CATEGORIES: readonly ErrorCategory[] = PERSON_RETRY_CATEGORIES;
// The sandbox's unregistered participants (sandbox/goroute/participants.ts) would answer 404.
const UNREGISTERED = new Set(['luxlogis', 'sablon']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Control = (path: string, body?: unknown, method?: string) => Promise<unknown>;

function controlOf(base: string): Control {
  return async (path, body, method = body === undefined ? 'GET' : 'POST') => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${res.status}`);
    return res.json() as Promise<unknown>;
  };
}

/** One failed send per document, to a registered customer, with a valid Peppol BIS invoice. */
function rows(n: number, run: string, category: ErrorCategory) {
  const companies = buildCompanies();
  const customers = companies.filter((c) => c.role === 'customer' && !UNREGISTERED.has(c.slug));
  // Sent in a client supplier's name (docs/business.md).
  const supplier = companies.find((c) => c.role === 'supplier' && !UNREGISTERED.has(c.slug))!;
  const now = Date.now();
  const docs: unknown[][] = [];
  const txns: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const customer = customers[i % customers.length]!;
    const netCents = 10_000 + ((i * 7919) % 900_000);
    const domestic = customer.country === 'BE';
    const lines = [
      {
        rateBp: domestic ? 2100 : 0,
        netCents,
        taxCents: domestic ? taxCents(netCents, 2100) : 0,
        reverseCharge: !domestic,
      },
    ];
    const tax = lines[0]!.taxCents;
    const amounts: Amounts = { currency: 'EUR', lines, netCents, taxCents: tax, grossCents: netCents + tax };
    const docId = randomUUID();
    const sourceId = `${SOURCE_PREFIX}${run}-${String(i).padStart(5, '0')}`;
    const invoiceNumber = `BR-${run}-${String(i).padStart(5, '0')}`;
    const created = new Date(now - 3_600_000 + i);
    const ubl = buildUbl({
      invoiceNumber,
      issueDate: created.toISOString().slice(0, 10),
      dueDate: new Date(now + 30 * 86_400_000).toISOString().slice(0, 10),
      amounts,
      buyerReference: sourceId,
      supplier: { endpoint: supplier.peppolId, name: supplier.name, vatId: supplier.vatId, iban: supplier.iban },
      customer: { endpoint: customer.peppolId, name: customer.name, vatId: customer.vatId },
    });
    // Stored as the console stores participants: scheme:identifier, lower case.
    const receiver = storedParticipant(null, customer.peppolId);
    const sender = storedParticipant(null, supplier.peppolId);
    docs.push([
      docId,
      sourceId,
      `bench-upload-${run}-${i}`,
      `bench-retry-${i}.pdf`,
      'pdf',
      24_000,
      'completed',
      'send_failed',
      supplier.name,
      invoiceNumber,
      'EUR',
      formatCents(amounts.grossCents),
      created,
      created,
      created,
    ]);
    txns.push([
      docId,
      'outbound',
      'invoice',
      invoiceNumber,
      sender.scheme,
      sender.identifier,
      supplier.name,
      receiver.scheme,
      receiver.identifier,
      customer.name,
      customer.country,
      'failed',
      `${KEY_PREFIX}${run}-${i}`,
      1,
      'HTTP_503',
      category,
      true,
      'GoRoute answered 503 Service Unavailable',
      'EUR',
      formatCents(amounts.grossCents),
      formatCents(amounts.taxCents),
      ubl,
      created,
      created,
      created,
    ]);
  }
  return { docs, txns };
}

/** Multi-row INSERT in chunks; returns nothing (ids are known up front for documents, read back for transactions). */
async function insertChunked(client: PoolClient, table: string, columns: string[], values: unknown[][], chunk = 500) {
  for (let i = 0; i < values.length; i += chunk) {
    const part = values.slice(i, i + chunk);
    const params: unknown[] = [];
    const tuples = part.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await client.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, params);
  }
}

async function chooseCategory(ctx: BenchContext): Promise<ErrorCategory> {
  const db = drizzle({ client: ctx.pool, casing: 'snake_case' });
  for (const c of CATEGORIES) {
    const [row] = await db
      .select({ n: count() })
      .from(transactions)
      .where(
        and(
          bulkRetryableSql,
          eq(transactions.lastErrorCategory, c),
          sql`coalesce(${transactions.sendIdempotencyKey}, '') not like ${`${KEY_PREFIX}%`}`,
        ),
      );
    if ((row?.n ?? 0) === 0) return c;
  }
  throw new Error(
    `every retryable category (${CATEGORIES.join(', ')}) already has failed sends in this database; the bulk retry could not be limited to the benchmark's own`,
  );
}

/** Removes every row a run inserted or caused (also the leftovers of an interrupted run); returns how many sends. */
async function cleanup(client: PoolClient) {
  const txnIds = (
    await client.query<{ id: string }>(`select id from transactions where send_idempotency_key like $1`, [
      `${KEY_PREFIX}%`,
    ])
  ).rows.map((r) => r.id);
  const docIds = (
    await client.query<{ id: string }>(`select id from documents where source_id like $1`, [`${SOURCE_PREFIX}%`])
  ).rows.map((r) => r.id);
  await removeRows(client, txnIds, docIds, (c) =>
    c.query(`delete from audit_log where target_type = 'bulk' and note = 'benchmark'`).then(() => undefined),
  );
  return txnIds.length;
}

type RunFigures = {
  ratePct: number;
  sendsPerSecond: number;
  seconds: number;
  requests: number;
  rejected429: number;
  duplicates: number;
  notAccepted: number;
  byStatus: string;
};

async function oneRun(ctx: BenchContext, n: number, category: ErrorCategory, runNo: number): Promise<RunFigures> {
  const stack = await ctx.stack();
  const control = controlOf(stack.sandboxControl!);
  await control('/faults', undefined, 'DELETE');
  await control('/rate-limit', { provider: 'goroute', ratePerSecond: LIMIT_PER_SECOND });
  const client = await ctx.pool.connect();
  const { pool } = createDatabase(ctx.databaseUrl, 3);
  const boss = createBoss(ctx.databaseUrl, { supervise: false, schedule: false, max: 2 });
  boss.on('error', () => {});
  try {
    await cleanup(client);
    // Start from a worker with nothing to do, so the drain measures the bulk retry alone.
    const left = await drained(client, 10 * 60_000);
    if (left > 10) ctx.log(`the worker still has ${left} job(s) due after 10 min; measuring anyway`);
    // The go-live rollups as they were: restored after the run, so the benchmark leaves no trace in the figures.
    await snapshotRollups(client, ctx.log);
    const run = `${Date.now().toString(36)}${runNo}`;
    const data = rows(n, run, category);
    await insertChunked(
      client,
      'documents',
      [
        'id',
        'source_id',
        'upload_idempotency_key',
        'filename',
        'file_format',
        'file_size',
        'exdata_status',
        'pipeline_state',
        'sender_name',
        'invoice_number',
        'currency',
        'gross_amount',
        'created_at',
        'updated_at',
        'state_changed_at',
      ],
      data.docs,
    );
    await insertChunked(
      client,
      'transactions',
      [
        'document_id',
        'direction',
        'document_type',
        'invoice_number',
        'sender_scheme',
        'sender_identifier',
        'sender_name',
        'receiver_scheme',
        'receiver_identifier',
        'receiver_name',
        'receiver_country',
        'status',
        'send_idempotency_key',
        'attempts',
        'last_error_code',
        'last_error_category',
        'last_error_retryable',
        'last_error_message',
        'currency',
        'total_amount',
        'tax_amount',
        'ubl_xml',
        'created_at',
        'updated_at',
        'status_changed_at',
      ],
      data.txns,
    );
    const ids = (
      await client.query<{ id: string; key: string }>(
        `select id, send_idempotency_key as key from transactions where send_idempotency_key like $1`,
        [`${KEY_PREFIX}${run}-%`],
      )
    ).rows;
    const txnIds = ids.map((r) => r.id);
    const admin = (
      await client.query<{ id: string; email: string; name: string }>(
        `select id, email, name from users where lower(email) = 'admin@example.test'`,
      )
    ).rows[0];
    if (!admin) throw new Error('no demo admin in this database');
    await boss.start();

    // Go: the bulk retry as the admin, exactly what the Failures page's button runs.
    const t0 = (await client.query<{ t: Date }>('select clock_timestamp() as t')).rows[0]!.t;
    const result = await bulkRetry({ pool, boss }, { ...admin, role: 'admin' }, category);
    if (result.count !== n) throw new Error(`the bulk retry queued ${result.count} sends, expected ${n}`);
    await client.query(`update audit_log set note = 'benchmark' where target_type = 'bulk' and created_at >= $1`, [t0]);
    const deadline = Date.now() + ((2 * n) / LIMIT_PER_SECOND) * 4_000 + 120_000;
    let accepted = 0;
    let settled = 0;
    for (;;) {
      const r = await client.query<{ accepted: string; settled: string }>(
        `select count(*) filter (where goroute_transaction_id is not null) as accepted,
                count(*) filter (where goroute_transaction_id is not null or dead_lettered_at is not null) as settled
         from transactions where id = any($1::uuid[])`,
        [txnIds],
      );
      accepted = Number(r.rows[0]!.accepted);
      settled = Number(r.rows[0]!.settled);
      if (settled >= n || Date.now() > deadline) break;
      await sleep(500);
    }
    const window = (
      await client.query<{ last: Date | null }>(
        `select max(created_at) as last from api_calls where transaction_id = any($1::uuid[]) and operation = 'send' and http_status between 200 and 299`,
        [txnIds],
      )
    ).rows[0]!;
    const tEnd = window.last ?? new Date();
    const seconds = (tEnd.getTime() - t0.getTime()) / 1000;
    const calls = await client.query<{ http_status: number | null; operation: string; n: string }>(
      `select http_status, operation, count(*) as n from api_calls where provider = 'goroute' and created_at >= $1 and created_at <= $2 group by 1, 2 order by 3 desc`,
      [t0, tEnd],
    );
    const requests = calls.rows.filter((c) => c.http_status !== 429).reduce((s, c) => s + Number(c.n), 0);
    const rejected429 = (
      await client.query<{ n: string }>(
        `select count(*) as n from api_calls where provider = 'goroute' and http_status = 429 and created_at >= $1`,
        [t0],
      )
    ).rows[0]!.n;

    // Duplicates as GoRoute saw them: more than one send request, or more than one transaction, per idempotency key.
    const keys = new Set(ids.map((r) => r.key));
    const remote = (await control('/goroute/transactions')) as {
      transactions: { idempotency_key: string | null; send_requests: number }[];
    };
    const perKey = new Map<string, { txns: number; requests: number }>();
    for (const t of remote.transactions) {
      if (!t.idempotency_key || !keys.has(t.idempotency_key)) continue;
      const k = perKey.get(t.idempotency_key) ?? { txns: 0, requests: 0 };
      k.txns += 1;
      k.requests += t.send_requests;
      perKey.set(t.idempotency_key, k);
    }
    const duplicates = [...perKey.values()].filter((k) => k.txns > 1 || k.requests > 1).length;

    // Let the sandbox finish the lifecycles and their webhooks before removing the rows they point at.
    const quietBy = Date.now() + 90_000;
    while (Date.now() < quietBy) {
      const state = (await control('/state')) as { webhooks?: { by_state?: Record<string, number> }; timers?: number };
      const busy = Object.entries(state.webhooks?.by_state ?? {})
        .filter(([s]) => s !== 'delivered' && s !== 'failed' && s !== 'skipped')
        .reduce((a, [, v]) => a + v, 0);
      if (busy === 0 && (state.timers ?? 0) === 0) break;
      await sleep(1_000);
    }
    await drained(client, 120_000);
    const byStatus = calls.rows.map((c) => `${c.operation} ${c.http_status ?? 'no response'}: ${c.n}`).join(', ');
    return {
      ratePct: (requests / seconds / LIMIT_PER_SECOND) * 100,
      sendsPerSecond: accepted / seconds,
      seconds,
      requests,
      rejected429: Number(rejected429),
      duplicates,
      notAccepted: n - accepted,
      byStatus,
    };
  } finally {
    await cleanup(client).catch((e: unknown) =>
      ctx.log(`cleanup failed: ${e instanceof Error ? e.message : String(e)}`),
    );
    await restoreRollups(client, ctx.log);
    client.release();
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    await pool.end();
  }
}

const bulk: BenchModule = {
  name: 'bulk-retry',
  title: 'Bulk retry of failed sends against the rate limit',
  // Last: it adds (and then removes) data and loads the worker.
  order: 90,
  method: `The provider sandbox's GoRoute limit is set to ${LIMIT_PER_SECOND} requests/s (\`POST /_control/rate-limit\`) and the worker runs with \`GOROUTE_RATE_PER_SECOND=${LIMIT_PER_SECOND}\`. Each run inserts ${BULK_LIMIT.toLocaleString('en-US')} failed, retryable sends (a document and a transaction each, with a Peppol BIS invoice the sandbox accepts, to its registered customers), then runs the bulk retry as the admin (\`lib/operations/bulk-retry.ts\`, what the Failures page's button runs) and waits until GoRoute accepted every one. Every send is a validate and a send call (2 requests).
**Drain rate** = GoRoute requests answered without 429 (\`api_calls\`) from the bulk retry until the last accepted send, per second, as a share of the ${LIMIT_PER_SECOND}/s limit; budget ≥ 90 %. **Duplicate sends** = idempotency keys for which GoRoute (the sandbox's \`/_control/goroute/transactions\`) saw more than one send request or made more than one transaction; budget 0. **429s** = GoRoute answers 429 recorded in \`api_calls\` during the run; budget ≤ 1 (the first). Afterwards the run's rows, calls, webhooks, timeline and jobs are deleted and \`metric_rollups\` is restored.`,
  async run(ctx) {
    const stack = await ctx.stack();
    if (!stack.sandboxControl)
      throw new Error('no provider sandbox: the bulk retry benchmark never sends to a real provider');
    const n = ctx.quick ? 300 : BULK_LIMIT;
    const category = await chooseCategory(ctx);
    ctx.log(
      `${n} failed sends per run, category "${category}", ${stack.workers} worker(s) at GOROUTE_RATE_PER_SECOND=${stack.workerEnv.GOROUTE_RATE_PER_SECOND}`,
    );
    const figures: RunFigures[] = [];
    for (let i = 0; i < ctx.runs; i++) {
      const f = await oneRun(ctx, n, category, i + 1);
      figures.push(f);
      ctx.log(
        `run ${i + 1}: ${f.seconds.toFixed(1)} s, ${f.requests} requests (${f.ratePct.toFixed(1)} % of the limit), ${f.sendsPerSecond.toFixed(1)} sends/s, ${f.rejected429} × 429, ${f.duplicates} duplicate(s)${f.notAccepted ? `, ${f.notAccepted} not accepted` : ''}`,
      );
    }
    const round = (v: number) => Math.round(v * 10) / 10;
    const results: BenchResult[] = [
      {
        id: 'bulk-retry.rate',
        label: `Drain rate, ${n.toLocaleString('en-US')} sends (share of ${LIMIT_PER_SECOND} requests/s)`,
        unit: '%',
        budget: { op: '>=', value: 90 },
        runs: figures.map((f) => round(f.ratePct)),
      },
      {
        id: 'bulk-retry.duplicates',
        label: 'Duplicate sends (idempotency keys sent more than once)',
        unit: '',
        budget: { op: '<=', value: 0 },
        runs: figures.map((f) => f.duplicates),
      },
      {
        id: 'bulk-retry.429',
        label: 'GoRoute 429 answers during the drain',
        unit: '',
        budget: { op: '<=', value: 1 },
        runs: figures.map((f) => f.rejected429),
      },
    ];
    const notes = figures.map(
      (f, i) =>
        `Run ${i + 1}: ${f.seconds.toFixed(1)} s from the bulk retry to the last accepted send, ${f.sendsPerSecond.toFixed(1)} sends/s (at most ${LIMIT_PER_SECOND / 2}/s: two requests per send); GoRoute calls: ${f.byStatus}${f.notAccepted ? `; ${f.notAccepted} not accepted` : ''}.`,
    );
    notes.unshift(
      `${stack.workers} job worker(s) running up to ${stack.workerEnv.WORKER_CONCURRENCY ?? 8} sends at once each, all throttled by one token bucket in PostgreSQL at ${stack.workerEnv.GOROUTE_RATE_PER_SECOND} requests/s (lib/provider-http/shared-rate-limit.ts; a 429 would pause every sender for its Retry-After); the benchmark's sends carry the category "${category}", which no other failed send in the data has.`,
    );
    return { results, notes };
  },
};

export default bulk;
