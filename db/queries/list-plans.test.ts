// The list views stay fast at millions of rows only if PostgreSQL reads each page straight off an index in
// the list's own order and stops after one page. This test captures the SQL each list query sends, then asks
// the planner (sequential and bitmap scans discouraged) how it would run it on a few thousand
// rows: no step of the plan may touch more than a few pages' worth of rows. A plain `desc()` against the
// `DESC NULLS LAST` indexes, a filter without a usable index or an OR across two indexed columns all fail it.
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { decodeCursor, encodeCursor, PAGE_SIZE } from '@/lib/pagination';
import { freshDatabase, testServers } from '@/test/databases';

type Captured = { text: string; values: unknown[] };
const captured: Captured[] = [];

// The list queries use the app's process-wide database (db/client.ts): point it at a client that only records
// what it is asked and answers with no rows.
const recorder = {
  query: async (config: string | { text: string; rowMode?: string }, values?: unknown[]) => {
    const text = typeof config === 'string' ? config : config.text;
    captured.push({ text, values: values ?? [] });
    return { rows: [], rowCount: 0, fields: [], command: 'SELECT' };
  },
};
(globalThis as { invoiceOpsDb?: unknown }).invoiceOpsDb = {
  db: drizzle({ client: recorder as never, schema, casing: 'snake_case' }),
  pool: recorder,
};

async function sqlOf(run: () => Promise<unknown>): Promise<Captured> {
  captured.length = 0;
  await run();
  const main = captured.find((c) => /^select/i.test(c.text.trim()));
  if (!main) throw new Error('the query sent no select');
  return main;
}

type PlanNode = {
  'Node Type': string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
};

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const ROWS = 4_000;
const cursorAt = (at: string, id: string) => decodeCursor(encodeCursor(at, id));

describe.each(testServers())('list queries read one page off an index on $name PostgreSQL', ({ url: serverUrl }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let mid: {
    doc: string;
    docAt: string;
    txn: string;
    txnAt: string;
    hook: string;
    hookAt: string;
    audit: string;
    auditAt: string;
  };

  /** The most rows any step of the plan reads (returned or filtered out), per loop. */
  async function widest(q: Captured): Promise<number> {
    const client = await t.pool.connect();
    try {
      await client.query('begin');
      // No sequential or bitmap scans: what is left must read the index in order, or sort all it read (caught below).
      // No hash or merge joins either: on a few thousand rows hashing a whole table looks cheap; at millions of rows
      // the planner looks rows up by key instead, as it is made to here.
      for (const off of ['enable_seqscan', 'enable_bitmapscan', 'enable_hashjoin', 'enable_mergejoin'])
        await client.query(`set local ${off} = off`);
      const res = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `explain (analyze, format json) ${q.text}`,
        q.values,
      );
      await client.query('rollback');
      if (process.env.DEBUG_PLANS) console.log(q.text, JSON.stringify(res.rows[0]!['QUERY PLAN'][0].Plan, null, 1));
      return Math.max(
        ...nodes(res.rows[0]!['QUERY PLAN'][0].Plan).map(
          (n) =>
            (n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0),
        ),
      );
    } finally {
      client.release();
    }
  }

  beforeAll(async () => {
    t = await freshDatabase(serverUrl);
    const q = (text: string) => t.pool.query(text);
    await q(
      `insert into users (id, email, name, role) values ('00000000-0000-4000-8000-000000000001', 'finance@example.test', 'Finance', 'finance')`,
    );
    await q(
      `insert into vendors (id, name, country) values ('00000000-0000-4000-8000-0000000000aa', 'Claeys Elektrotechniek BV', 'BE')`,
    );
    await q(`insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size, pipeline_state, vendor_id, created_at)
             select 'SRC-' || i, 'up-' || i, 'f.pdf', 'pdf', 1, (case when i % 10 = 0 then 'in_review' else 'delivered' end)::pipeline_state,
                    '00000000-0000-4000-8000-0000000000aa', now() - i * interval '1 minute' from generate_series(1, ${ROWS}) i`);
    await q(`insert into transactions (direction, status, sender_identifier, receiver_identifier, receiver_country, document_type, send_idempotency_key, created_at)
             select (case when i % 5 = 0 then 'inbound' else 'outbound' end)::direction, 'delivered', (case when i % 5 = 0 then '0106:12345678' else '0208:0790123495' end),
                    (case when i % 5 = 0 then '0208:0790123495' else '0106:12345678' end), 'NL', 'invoice', 'send:' || i, now() - i * interval '1 minute' from generate_series(1, ${ROWS}) i`);
    await q(`insert into webhook_deliveries (provider, delivery_id, headers, signature_result, processing_result, received_at)
             select 'goroute', 'evt_' || i, '{}', (case when i % 20 = 0 then 'invalid' else 'valid' end)::signature_result,
                    (case when i % 20 = 0 then 'rejected' else 'processed' end)::processing_result, now() - i * interval '1 minute' from generate_series(1, ${ROWS}) i`);
    await q(`insert into transactions (direction, status, last_error_category, last_error_retryable, dead_lettered_at, send_idempotency_key, status_changed_at, created_at)
             select 'outbound', 'failed', (case when i % 3 = 0 then 'server' else 'validation' end)::error_category, i % 3 = 0,
                    (case when i % 3 = 0 then null else now() end), 'send:failed-' || i, now() - i * interval '1 minute', now() - i * interval '1 minute'
             from generate_series(1, ${ROWS}) i`);
    await q(
      `update documents set pipeline_state = 'extraction_failed', state_changed_at = created_at where pipeline_state = 'delivered' and right(source_id, 1) = '7'`,
    );
    await q(`insert into audit_log (actor_id, actor_email, action, target_type, target_id, created_at)
             select '00000000-0000-4000-8000-000000000001', 'finance@example.test', 'review.approve', 'document', 'd' || (i % 7), now() - i * interval '1 minute' from generate_series(1, ${ROWS}) i`);
    await q('analyze');
    const at = async (sql: string) => (await t.pool.query<{ at: string; id: string }>(sql)).rows[0]!;
    const [d, x, w, a] = await Promise.all([
      at(
        `select created_at::text as at, id::text as id from documents order by created_at desc, id desc offset ${ROWS / 2} limit 1`,
      ),
      at(
        `select created_at::text as at, id::text as id from transactions order by created_at desc, id desc offset ${ROWS / 2} limit 1`,
      ),
      at(
        `select received_at::text as at, id::text as id from webhook_deliveries order by received_at desc, id desc offset ${ROWS / 2} limit 1`,
      ),
      at(
        `select created_at::text as at, id::text as id from audit_log order by created_at desc, id desc offset ${ROWS / 2} limit 1`,
      ),
    ]);
    mid = { doc: d.id, docAt: d.at, txn: x.id, txnAt: x.at, hook: w.id, hookAt: w.at, audit: a.id, auditAt: a.at };
  });
  afterAll(() => t?.drop());

  // A page is PAGE_SIZE + 1 rows; the participant filter merges two such pages.
  const bound = 2 * (PAGE_SIZE + 1) + 10;

  it('documents, newest first, by state and by vendor, first page and deep', async () => {
    const { listDocuments } = await import('./documents');
    const deep = cursorAt(mid.docAt, mid.doc);
    for (const f of [{}, { state: 'delivered' as const }, { vendor: 'laeys' }]) {
      for (const cursor of [null, deep])
        expect(
          await widest(await sqlOf(() => listDocuments({ ...f, cursor }))),
          JSON.stringify({ ...f, deep: Boolean(cursor) }),
        ).toBeLessThanOrEqual(bound);
    }
  });

  it('transactions, newest first, by status, direction and participant, first page and deep', async () => {
    const { listTransactions } = await import('./transactions');
    const deep = cursorAt(mid.txnAt, mid.txn);
    // The participant in another accepted form is normalised first, so it reads the same two indexes.
    for (const f of [
      {},
      { status: 'delivered' as const },
      { direction: 'outbound' as const },
      { participant: '0208:0790123495' },
      { participant: ' ISO6523-ACTORID-UPIS::0208:0790123495' },
    ]) {
      for (const cursor of [null, deep])
        expect(
          await widest(await sqlOf(() => listTransactions({ ...f, cursor }))),
          JSON.stringify({ ...f, deep: Boolean(cursor) }),
        ).toBeLessThanOrEqual(bound);
    }
  });

  it('webhook deliveries and the audit log, newest first, first page and deep', async () => {
    const { listWebhookDeliveries } = await import('./webhooks');
    const { listAuditLog } = await import('./audit');
    for (const cursor of [null, cursorAt(mid.hookAt, mid.hook)]) {
      expect(await widest(await sqlOf(() => listWebhookDeliveries({ cursor })))).toBeLessThanOrEqual(bound);
      expect(
        await widest(await sqlOf(() => listWebhookDeliveries({ provider: 'goroute', cursor }))),
      ).toBeLessThanOrEqual(bound);
    }
    for (const cursor of [null, cursorAt(mid.auditAt, mid.audit)]) {
      expect(await widest(await sqlOf(() => listAuditLog({ cursor })))).toBeLessThanOrEqual(bound);
      expect(await widest(await sqlOf(() => listAuditLog({ action: 'review.approve', cursor })))).toBeLessThanOrEqual(
        bound,
      );
      expect(
        await widest(await sqlOf(() => listAuditLog({ actor: 'Finance@example.test', cursor }))),
      ).toBeLessThanOrEqual(bound);
    }
    // A rare processing result has its own index; the common one reads the received_at index.
    expect(
      await widest(await sqlOf(() => listWebhookDeliveries({ result: 'rejected', cursor: null }))),
    ).toBeLessThanOrEqual(bound);
    expect(
      await widest(
        await sqlOf(() => listWebhookDeliveries({ result: 'processed', cursor: cursorAt(mid.hookAt, mid.hook) })),
      ),
    ).toBeLessThanOrEqual(bound);
  });

  it('the live counts of newer rows (capped) and the first page held at a row read no more than a page or two', async () => {
    const { countNewerDocuments, listDocuments } = await import('./documents');
    const { countNewerTransactions, listTransactions } = await import('./transactions');
    const { countNewerWebhookDeliveries, listWebhookDeliveries } = await import('./webhooks');
    const { countNewerAuditRows, listAuditLog } = await import('./audit');
    // From the middle of each table: half of it (2,000 rows) is newer, far more than the cap. A count reads up to
    // NEWER_CAP + 1 matching rows, plus those a filter skips on the way when the planner prefers the time index.
    const { NEWER_CAP } = await import('./keyset');
    const counted = 2 * (NEWER_CAP + 1);
    const doc = cursorAt(mid.docAt, mid.doc);
    const txn = cursorAt(mid.txnAt, mid.txn);
    const hook = cursorAt(mid.hookAt, mid.hook);
    const audit = cursorAt(mid.auditAt, mid.audit);
    for (const f of [{}, { state: 'delivered' as const }, { vendor: 'laeys' }]) {
      expect(await widest(await sqlOf(() => countNewerDocuments(f, doc))), JSON.stringify(f)).toBeLessThanOrEqual(
        counted,
      );
      expect(await widest(await sqlOf(() => listDocuments({ ...f, cursor: null, top: doc })))).toBeLessThanOrEqual(
        bound,
      );
    }
    for (const f of [{}, { status: 'delivered' as const }, { participant: '0208:0790123495' }]) {
      expect(await widest(await sqlOf(() => countNewerTransactions(f, txn))), JSON.stringify(f)).toBeLessThanOrEqual(
        counted,
      );
      expect(await widest(await sqlOf(() => listTransactions({ ...f, cursor: null, top: txn })))).toBeLessThanOrEqual(
        bound,
      );
    }
    for (const f of [{}, { provider: 'goroute' as const }, { result: 'rejected' as const }])
      expect(
        await widest(await sqlOf(() => countNewerWebhookDeliveries(f, hook))),
        JSON.stringify(f),
      ).toBeLessThanOrEqual(counted);
    expect(await widest(await sqlOf(() => listWebhookDeliveries({ cursor: null, top: hook })))).toBeLessThanOrEqual(
      bound,
    );
    for (const f of [{}, { action: 'review.approve' as const }, { actor: 'finance@example.test' }])
      expect(await widest(await sqlOf(() => countNewerAuditRows(f, audit))), JSON.stringify(f)).toBeLessThanOrEqual(
        counted,
      );
    expect(await widest(await sqlOf(() => listAuditLog({ cursor: null, top: audit })))).toBeLessThanOrEqual(bound);
  });

  it('failed sends, oldest first, by category and kind, and failed extractions, latest first', async () => {
    const { listFailedExtractions, listFailedSends } = await import('./failures');
    for (const f of [
      {},
      { category: 'validation' as const },
      { kind: 'retryable' as const },
      { kind: 'dead_letter' as const },
    ]) {
      expect(await widest(await sqlOf(() => listFailedSends(f))), JSON.stringify(f)).toBeLessThanOrEqual(bound);
    }
    expect(await widest(await sqlOf(() => listFailedExtractions()))).toBeLessThanOrEqual(bound);
  });

  it('the review queue, oldest first', async () => {
    const { listReviewQueue } = await import('./review');
    expect(await widest(await sqlOf(() => listReviewQueue()))).toBeLessThanOrEqual(bound);
  });
});
