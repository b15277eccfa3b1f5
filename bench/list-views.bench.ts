// Item 2 of issue #6: every list view and filter of the console, first page and a page 1,000 pages deep,
// server time p95 ≤ 100 ms. The deep cursor is derived from the data with one OFFSET query here (the bench is
// not the hot path) and encoded exactly as the pages encode theirs (lib/pagination.ts).
import type { Pool } from 'pg';
import { encodeCursor, PAGE_SIZE } from '@/lib/pagination';
import { hasRows, pageP95, renderedList, type PageCheck } from './lib/http';
import type { BenchModule, BenchResult } from './lib/types';

const BUDGET_MS = 100;
const DEPTH = 1_000;

type Sql = { text: string; values: unknown[] };

/** A tagged template that numbers its parameters: sql`a = ${x} and b = ${y}` → { text: 'a = $1 and b = $2', values }. */
function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return { text: strings.reduce((acc, s, i) => acc + (i > 0 ? `$${i}` : '') + s, ''), values };
}

/** The keyset order of a list: its rows (filtered like the page filters them), newest first by `at`, then `id` (oldest first with `asc`). */
type Keyset = { from: string; where?: Sql; at: string; id: string; asc?: boolean };

type Case = {
  id: string;
  path: string;
  params?: Record<string, string>;
  keyset?: Keyset;
  /** Rows the filtered list holds (bounded count), to know what the page must render. */
  check?: PageCheck;
};

const url = (path: string, params: Record<string, string> = {}) => {
  const q = new URLSearchParams(params).toString();
  return q ? `${path}?${q}` : path;
};

/** Shifts a Sql fragment's placeholders by `offset` (to append it after other parameters). */
function shift(s: Sql, offset: number): string {
  return s.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

async function one<T extends Record<string, unknown>>(pool: Pool, s: Sql): Promise<T | undefined> {
  return (await pool.query<T>(s.text, s.values)).rows[0];
}

/** How many rows the list holds, counting no further than `limit`. */
async function boundedCount(pool: Pool, k: Keyset, limit: number): Promise<number> {
  const where = k.where ? `where ${k.where.text}` : '';
  const r = await pool.query<{ n: string }>(
    `select count(*) as n from (select 1 from ${k.from} ${where} limit ${limit}) x`,
    k.where?.values ?? [],
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** The cursor after the last row of page `page` (1-based), in the list's own order. */
async function cursorAfterPage(pool: Pool, k: Keyset, page: number): Promise<string | null> {
  const values = k.where?.values ?? [];
  const where = k.where ? `where ${shift(k.where, 0)}` : '';
  const r = await pool.query<{ at: string; id: string }>(
    `select ${k.at}::text as at, ${k.id}::text as id from ${k.from} ${where} order by ${k.at} ${k.asc ? 'asc' : 'desc'}, ${k.id} ${k.asc ? 'asc' : 'desc'} offset ${page * PAGE_SIZE - 1} limit 1`,
    values,
  );
  const row = r.rows[0];
  return row ? encodeCursor(row.at, row.id) : null;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Filter values taken from the data itself: the commonest state, the busiest participant, a vendor name fragment… */
async function inputs(pool: Pool) {
  const top = async (table: string, column: string, order: 'desc' | 'asc' = 'desc', where = 'true') =>
    (
      await pool.query<{ v: string; n: string }>(
        `select ${column}::text as v, count(*) as n from ${table} where ${column} is not null and ${where} group by 1 order by 2 ${order}, 1 limit 1`,
      )
    ).rows[0]?.v;
  const vendor = await one<{ name: string }>(
    pool,
    sql`select v.name from vendors v join documents d on d.vendor_id = v.id group by v.id, v.name order by count(*) desc limit 1`,
  );
  // A fragment from inside the busiest vendor's first word, as someone would type it ("laeys" for "Claeys …").
  const word = (vendor?.name ?? 'bv').split(/\s+/)[0]!.toLowerCase();
  const fragment = word.length > 4 ? word.slice(1, Math.min(word.length, 7)) : word;
  const pick = async (s: Sql) => Object.values((await one<Record<string, string>>(pool, s)) ?? {})[0] ?? null;
  const mid = Number(
    (
      await one<{ n: string }>(
        pool,
        sql`select least(count(*) / 2, 100000) as n from (select 1 from transactions limit 200000) t`,
      )
    )?.n ?? 0,
  );
  return {
    stateCommon: (await top('documents', 'pipeline_state')) ?? 'delivered',
    stateRare: (await top('documents', 'pipeline_state', 'asc')) ?? 'blocked',
    vendorFragment: fragment,
    statusRare: (await top('transactions', 'status', 'asc')) ?? 'failed',
    participant: (await top('transactions', 'receiver_identifier')) ?? '0208:0000000000',
    countryCommon: (await top('transactions', 'receiver_country')) ?? 'BE',
    countryRare: (await top('transactions', 'receiver_country', 'asc')) ?? 'LU',
    documentTypeRare: (await top('transactions', 'document_type', 'asc')) ?? 'credit_note',
    failedCategory: (await top('transactions', 'last_error_category', 'desc', `status = 'failed'`)) ?? 'server',
    webhookResultRare: (await top('webhook_deliveries', 'processing_result', 'asc')) ?? 'rejected',
    auditActor: (await top('audit_log', 'actor_email')) ?? 'finance@example.test',
    auditAction: (await top('audit_log', 'action')) ?? 'document.approve',
    auditTarget: await one<{ target_type: string; target_id: string }>(
      pool,
      sql`select target_type, target_id from audit_log group by 1, 2 order by count(*) desc, 2 limit 1`,
    ),
    range: { from: day(Date.now() - 60 * 86_400_000), to: day(Date.now() - 2 * 86_400_000) },
    search: {
      'source ID': await pick(
        sql`select source_id from documents order by created_at desc offset ${Math.floor(mid / 10)} limit 1`,
      ),
      'exdata ID': await pick(
        sql`select exdata_document_id from documents where exdata_document_id is not null order by created_at desc offset ${Math.floor(mid / 20)} limit 1`,
      ),
      'GoRoute ID': await pick(
        sql`select goroute_transaction_id from transactions where goroute_transaction_id is not null order by created_at desc offset ${mid} limit 1`,
      ),
      'request ID': await pick(
        sql`select request_id from api_calls where request_id is not null and transaction_id is not null order by id desc offset ${mid} limit 1`,
      ),
      'delivery ID': await pick(
        sql`select delivery_id from webhook_deliveries where delivery_id is not null and signature_result = 'valid' order by received_at desc offset ${mid} limit 1`,
      ),
      'idempotency key': await pick(
        sql`select send_idempotency_key from transactions where send_idempotency_key is not null order by created_at desc offset ${mid} limit 1`,
      ),
      'invoice number': await pick(
        sql`select invoice_number from documents where invoice_number is not null order by created_at desc offset ${Math.floor(mid / 10)} limit 1`,
      ),
      'participant ID': await pick(
        sql`select receiver_identifier from transactions where receiver_identifier is not null order by created_at desc offset ${mid} limit 1`,
      ),
    } as Record<string, string | null>,
  };
}

type Inputs = Awaited<ReturnType<typeof inputs>>;

function cases(i: Inputs): Case[] {
  const rangeDocs = sql`created_at >= ${`${i.range.from}T00:00:00Z`}::timestamptz and created_at < (${`${i.range.to}T00:00:00Z`}::timestamptz + interval '1 day')`;
  const documents = (where?: Sql): Keyset => ({ from: 'documents', where, at: 'created_at', id: 'id' });
  const transactions = (where?: Sql): Keyset => ({ from: 'transactions', where, at: 'created_at', id: 'id' });
  const webhooks = (where?: Sql): Keyset => ({ from: 'webhook_deliveries', where, at: 'received_at', id: 'id' });
  const audit = (where?: Sql): Keyset => ({ from: 'audit_log', where, at: 'created_at', id: 'id' });
  const alerts = (where: Sql): Keyset => ({ from: 'alerts', where, at: 'last_seen_at', id: 'id' });
  // Failed sends: the longest-waiting first.
  const failed = (where?: Sql): Keyset => ({
    from: 'transactions',
    where: { text: `status = 'failed'${where ? ` and (${where.text})` : ''}`, values: where?.values ?? [] },
    at: 'status_changed_at',
    id: 'id',
    asc: true,
  });
  const like = `%${i.vendorFragment}%`;
  const list: Case[] = [
    { id: 'documents', path: '/documents', keyset: documents() },
    {
      id: 'documents.state-common',
      path: '/documents',
      params: { state: i.stateCommon },
      keyset: documents(sql`pipeline_state = ${i.stateCommon}`),
    },
    {
      id: 'documents.state-rare',
      path: '/documents',
      params: { state: i.stateRare },
      keyset: documents(sql`pipeline_state = ${i.stateRare}`),
    },
    {
      id: 'documents.vendor',
      path: '/documents',
      params: { vendor: i.vendorFragment },
      keyset: documents(sql`vendor_id in (select id from vendors where lower(name) like ${like})`),
    },
    { id: 'documents.dates', path: '/documents', params: i.range, keyset: documents(rangeDocs) },
    { id: 'documents.pending', path: '/documents', params: { view: 'pending' } },
    { id: 'transactions', path: '/transactions', keyset: transactions() },
    {
      id: 'transactions.status-delivered',
      path: '/transactions',
      params: { status: 'delivered' },
      keyset: transactions(sql`status = 'delivered'`),
    },
    {
      id: 'transactions.status-rare',
      path: '/transactions',
      params: { status: i.statusRare },
      keyset: transactions(sql`status = ${i.statusRare}`),
    },
    {
      id: 'transactions.direction-inbound',
      path: '/transactions',
      params: { direction: 'inbound' },
      keyset: transactions(sql`direction = 'inbound'`),
    },
    {
      id: 'transactions.participant',
      path: '/transactions',
      params: { participant: i.participant },
      keyset: transactions(sql`(sender_identifier = ${i.participant} or receiver_identifier = ${i.participant})`),
    },
    {
      id: 'transactions.country-common',
      path: '/transactions',
      params: { country: i.countryCommon },
      keyset: transactions(sql`receiver_country = ${i.countryCommon}`),
    },
    {
      id: 'transactions.country-rare',
      path: '/transactions',
      params: { country: i.countryRare },
      keyset: transactions(sql`receiver_country = ${i.countryRare}`),
    },
    {
      id: 'transactions.document-type',
      path: '/transactions',
      params: { documentType: i.documentTypeRare },
      keyset: transactions(sql`document_type = ${i.documentTypeRare}`),
    },
    { id: 'transactions.dates', path: '/transactions', params: i.range, keyset: transactions(rangeDocs) },
    { id: 'failures', path: '/failures', keyset: failed() },
    {
      id: 'failures.category',
      path: '/failures',
      params: { category: i.failedCategory },
      keyset: failed(sql`last_error_category = ${i.failedCategory}`),
    },
    {
      id: 'failures.retryable',
      path: '/failures',
      params: { kind: 'retryable' },
      keyset: failed(sql`dead_lettered_at is null and last_error_retryable`),
    },
    {
      id: 'failures.permanent',
      path: '/failures',
      params: { kind: 'permanent' },
      keyset: failed(sql`last_error_retryable = false`),
    },
    {
      id: 'failures.dead-letter',
      path: '/failures',
      params: { kind: 'dead_letter' },
      keyset: failed(sql`dead_lettered_at is not null`),
    },
    { id: 'webhooks', path: '/webhooks', keyset: webhooks() },
    {
      id: 'webhooks.provider-goroute',
      path: '/webhooks',
      params: { provider: 'goroute' },
      keyset: webhooks(sql`provider = 'goroute'`),
    },
    {
      id: 'webhooks.provider-exdata',
      path: '/webhooks',
      params: { provider: 'exdata' },
      keyset: webhooks(sql`provider = 'exdata'`),
    },
    {
      id: 'webhooks.result-processed',
      path: '/webhooks',
      params: { result: 'processed' },
      keyset: webhooks(sql`processing_result = 'processed'`),
    },
    {
      id: 'webhooks.result-rare',
      path: '/webhooks',
      params: { result: i.webhookResultRare },
      keyset: webhooks(sql`processing_result = ${i.webhookResultRare}`),
    },
    { id: 'audit', path: '/audit', keyset: audit() },
    {
      id: 'audit.actor',
      path: '/audit',
      params: { actor: i.auditActor },
      keyset: audit(sql`lower(actor_email) = ${i.auditActor.toLowerCase()}`),
    },
    {
      id: 'audit.action',
      path: '/audit',
      params: { action: i.auditAction },
      keyset: audit(sql`action = ${i.auditAction}`),
    },
    ...(i.auditTarget
      ? [
          {
            id: 'audit.target',
            path: '/audit',
            params: { targetType: i.auditTarget.target_type, targetId: i.auditTarget.target_id },
            keyset: audit(sql`target_type = ${i.auditTarget.target_type} and target_id = ${i.auditTarget.target_id}`),
          },
        ]
      : []),
    { id: 'review', path: '/review' },
    { id: 'alerts', path: '/alerts', keyset: alerts(sql`status in ('open', 'acknowledged')`) },
    {
      id: 'alerts.resolved',
      path: '/alerts',
      params: { status: 'resolved' },
      keyset: alerts(sql`status = 'resolved'`),
    },
  ];
  for (const [kind, value] of Object.entries(i.search)) {
    if (!value) continue;
    list.push({
      id: `search.${kind.replace(/\s+/g, '-').toLowerCase()}`,
      path: '/search',
      params: { q: value },
      check: searchHit,
    });
  }
  const some = i.search['GoRoute ID'] ?? i.search['source ID'] ?? 'txn_abcdef';
  // A fragment of an ID: IDs match exactly, so the page answers "nothing has the ID" — from indexes, not a scan.
  list.push({
    id: 'search.substring',
    path: '/search',
    params: { q: some.slice(2, Math.max(8, Math.floor(some.length / 2))) },
    check: searchMiss,
  });
  return list;
}

/** One hit redirects to the item; several list them. */
const searchHit: PageCheck = ({ status, location, body }) => {
  if (status === 307 || status === 303 || status === 302)
    return location && /\/(documents|transactions|webhooks)\//.test(location) ? null : `redirected to ${location}`;
  if (status !== 200) return `HTTP ${status}`;
  return /<li[\s>]/.test(body) && !body.includes('Nothing has the ID') ? null : 'found nothing';
};
const searchMiss: PageCheck = ({ status, body }) =>
  status === 200 && body.includes('Nothing has the ID') ? null : `expected "Nothing has the ID" (HTTP ${status})`;

/** What the first page must render: rows when the data has any for this filter. */
async function expectation(pool: Pool, c: Case): Promise<{ check: PageCheck; total: number | null }> {
  if (c.check) return { check: c.check, total: null };
  // Lists without pages (pending, review): rows, or the empty state when the data has none.
  if (!c.keyset) return { check: renderedList, total: null };
  const total = await boundedCount(pool, c.keyset, (DEPTH + 1) * PAGE_SIZE + 1);
  return { check: hasRows(Math.min(1, total)), total };
}

const listViews: BenchModule = {
  name: 'list-views',
  title: 'List views and filters at scale',
  order: 20,
  method: `Every list view and filter of the console: \`/documents\` (state, vendor substring, received date range, \`?view=pending\`), \`/transactions\` (status, direction, participant, receiver country, document type, date range), \`/failures\` (category, kind), \`/webhooks\` (provider, processing result), \`/audit\` (actor, action, target), \`/review\`, \`/alerts\` and \`/search?q=\` with each kind of ID and with an ID fragment. Filter values are taken from the data (the commonest and the rarest state, the busiest participant, a fragment of the busiest vendor's name …).
Each figure is the p95 of ${20} sequential GET requests (after 2 unmeasured) of the full page — the streamed HTML until its last byte, every Suspense boundary resolved — over loopback with the admin's session cookie: the server time a browser waits for. Every response must be 200 with table rows (or, for search, the redirect to the item), so a broken page cannot look fast.
"Page ${DEPTH.toLocaleString('en-US')}" opens the list with the keyset cursor of the last row of page ${DEPTH.toLocaleString('en-US')} (${PAGE_SIZE} rows a page), found by the benchmark with one OFFSET query in the list's own order and encoded like the pages' own "Older" links. Where a filter holds fewer rows, the deepest page it has is used and the label says so. Budget: p95 ≤ ${BUDGET_MS} ms for every figure (docs/budgets.md).`,
  async run(ctx) {
    const stack = await ctx.stack();
    const n = ctx.quick ? 6 : 20;
    const i = await inputs(ctx.pool);
    const notes: string[] = [];
    type Target = { id: string; label: string; url: string; check: PageCheck };
    const targets: Target[] = [];
    for (const c of cases(i)) {
      const { check, total } = await expectation(ctx.pool, c);
      const first = url(c.path, c.params);
      targets.push({
        id: `${c.id}.first`,
        label: c.keyset ? `${decodeURIComponent(first)} — first page` : decodeURIComponent(first),
        url: first,
        check,
      });
      if (!c.keyset || total === null) continue;
      // The deepest page that still has a next one, up to DEPTH.
      const depth = Math.min(DEPTH, Math.floor((total - 1) / PAGE_SIZE));
      if (depth < 2) {
        notes.push(`\`${decodeURIComponent(first)}\`: ${total} row(s), fewer than 3 pages — no deep page to measure.`);
        continue;
      }
      const cursor = await cursorAfterPage(ctx.pool, c.keyset, depth);
      if (!cursor) continue;
      const deep = url(c.path, { ...c.params, after: cursor });
      const label =
        depth === DEPTH
          ? `page ${(DEPTH + 1).toLocaleString('en-US')}`
          : `page ${depth + 1} (the last this filter has)`;
      targets.push({
        id: `${c.id}.deep`,
        label: `${decodeURIComponent(first)} — ${label}`,
        url: deep,
        check: hasRows(1),
      });
    }
    ctx.log(`${targets.length} figures, ${ctx.runs} runs of ${n} requests each`);
    const runs = new Map<string, number[]>(targets.map((t) => [t.id, []]));
    // Run-major: every figure once, then again, so each run of a figure is taken at a different moment.
    for (let r = 0; r < ctx.runs; r++) {
      for (const t of targets) {
        const { p95 } = await pageP95(`${stack.baseUrl}${t.url}`, stack.adminCookie, n, t.check);
        runs.get(t.id)!.push(Math.round(p95 * 10) / 10);
      }
      ctx.log(`run ${r + 1}/${ctx.runs} done`);
    }
    const results: BenchResult[] = targets.map((t) => ({
      id: `list.${t.id}`,
      label: t.label,
      unit: 'ms',
      budget: { op: '<=', value: BUDGET_MS },
      runs: runs.get(t.id)!,
    }));
    notes.unshift(
      `Filter values from the data: state ${i.stateCommon} (commonest) and ${i.stateRare} (rarest); vendor fragment "${i.vendorFragment}"; participant ${i.participant} (busiest); countries ${i.countryCommon} and ${i.countryRare}; document type ${i.documentTypeRare}; failure category ${i.failedCategory}; webhook result ${i.webhookResultRare}; audit actor ${i.auditActor}, action ${i.auditAction}; dates ${i.range.from} to ${i.range.to}.`,
    );
    return { results, notes };
  },
};

export default listViews;
