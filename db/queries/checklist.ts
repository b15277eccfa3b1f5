import { sql } from 'drizzle-orm';
import { pendingWindows } from '@/db/queries/windows';
import type { Database } from '../client';
import { countPendingTooLong } from './pending';

// The readiness checklist's evidence. Every query is an aggregate over rollups, a partial or leading
// index, or a bounded sample of the newest rows, so the page stays cheap with millions of rows.
// Row-level facts no rollup holds (duplicate counts, attempts) come from the newest SAMPLE rows.
// "desc nulls last" everywhere: the indexes are declared that way, and a plain "desc" (nulls first) cannot use them.
// 5,000 (it was 20,000): the four samples were most of the checklist's cost — every page view reads each of them, at
// about 2 µs a row — and the newest 5,000 rows (half a day of sends at the budgets' volume, two days of documents)
// say as much about how the integration behaves now (go-live page budget, docs/budgets.md: 200 ms).
export const SAMPLE = 5_000;
// How far back the search for a document that went all the way looks, newest first.
const RECENT_DELIVERED = 5_000;

const num = (v: unknown) => Number(v ?? 0);
/**
 * One read. JIT stays off (these aggregates run in milliseconds, but on millions of rows the planner's cost
 * estimate crosses jit_above_cost and PostgreSQL would spend a second compiling them first): every pool of
 * db/client.ts connects with `jit=off`, so no transaction and SET LOCAL per query — at a dozen queries per page
 * those three extra round trips each cost more than most of the queries.
 */
const rows = async <T extends Record<string, unknown>>(db: Database, query: ReturnType<typeof sql>) =>
  (await db.execute<T>(query)).rows;

type SealedTotals = Map<string, { n: number; last: number }>;
const DAY_MS = 86_400_000;
const sealed = new WeakMap<Database, { before: number; totals: Promise<SealedTotals> }>();

/**
 * All-time sums of the hourly rollups before `before` (midnight UTC, 14 days back). Past hours no longer change —
 * the app only ever adds to the current hour's rollups; only a data load with old timestamps (seed:scale) writes
 * history — so each server process sums them once a day instead of on every page view, where summing every
 * rollup row (a few thousand more each day) would cost more than all the other evidence together.
 */
function sealedTotals(db: Database, before: number): Promise<SealedTotals> {
  const hit = sealed.get(db);
  if (hit && hit.before === before) return hit.totals;
  const totals = rows<{ metric: string; dims: string; n: string; last: Date }>(
    db,
    sql`select metric, dims, sum(count) as n, max(bucket) as last from metric_rollups_all where bucket < ${new Date(before).toISOString()}::timestamptz group by metric, dims`,
  ).then((r) => new Map(r.map((x) => [`${x.metric}|${x.dims}`, { n: num(x.n), last: new Date(x.last).getTime() }])));
  totals.catch(() => sealed.delete(db));
  sealed.set(db, { before, totals });
  return totals;
}

/**
 * All-time, last-24 h, last-7-days and previous-7-days totals per rollup series: the sealed history (above) plus
 * the last 14 days of hourly rollups, read on every call.
 */
async function rollups(db: Database) {
  const today = Date.now() - (Date.now() % DAY_MS);
  const before = today - 14 * DAY_MS;
  const [history, recent] = await Promise.all([
    sealedTotals(db, before),
    // The window starts are computed once (c), not per row: date_trunc with a time zone costs microseconds a call.
    rows<{
      metric: string;
      dims: string;
      n: string;
      n24h: string;
      n7d: string;
      nprev7d: string;
      s7d: number;
      sprev7d: number;
      last: Date;
    }>(
      db,
      sql`select metric, dims, sum(count) as n,
            coalesce(sum(count) filter (where bucket >= c.h24), 0) as n24h,
            coalesce(sum(count) filter (where bucket >= c.d7), 0) as n7d,
            coalesce(sum(count) filter (where bucket >= c.d14 and bucket < c.d7), 0) as nprev7d,
            coalesce(sum(sum) filter (where bucket >= c.d7), 0) as s7d,
            coalesce(sum(sum) filter (where bucket >= c.d14 and bucket < c.d7), 0) as sprev7d,
            max(bucket) as last
          from (select date_trunc('hour', now(), 'UTC') - interval '23 hours' as h24, now() - interval '7 days' as d7, now() - interval '14 days' as d14) c
          join metric_rollups_all on bucket >= ${new Date(before).toISOString()}::timestamptz
          group by metric, dims`,
    ),
  ]);
  const series = new Map<
    string,
    {
      metric: string;
      dims: string[];
      n: number;
      n24h: number;
      n7d: number;
      nPrev7d: number;
      s7d: number;
      sPrev7d: number;
      last: Date;
    }
  >();
  for (const [key, h] of history) {
    const [metric, ...dims] = key.split('|');
    series.set(key, {
      metric: metric!,
      dims,
      n: h.n,
      n24h: 0,
      n7d: 0,
      nPrev7d: 0,
      s7d: 0,
      sPrev7d: 0,
      last: new Date(h.last),
    });
  }
  for (const x of recent) {
    const key = `${x.metric}|${x.dims}`;
    const old = series.get(key);
    const last = new Date(x.last);
    series.set(key, {
      metric: x.metric,
      dims: x.dims.split('|'),
      n: (old?.n ?? 0) + num(x.n),
      n24h: num(x.n24h),
      n7d: num(x.n7d),
      nPrev7d: num(x.nprev7d),
      s7d: Number(x.s7d),
      sPrev7d: Number(x.sprev7d),
      last: old && old.last > last ? old.last : last,
    });
  }
  return [...series.values()];
}

/** Newest successful call per provider (api_calls_provider_created_idx, newest first). */
async function lastSuccess(db: Database) {
  const r = await rows<{ provider: string; operation: string; created_at: Date }>(
    db,
    sql`select p.provider, c.operation, c.created_at from (values ('goroute'::provider), ('exdata'::provider)) as p(provider)
        cross join lateral (select operation, created_at from api_calls a where a.provider = p.provider and a.http_status between 200 and 299
                            order by a.created_at desc nulls last limit 1) c`,
  );
  return Object.fromEntries(
    r.map((x) => [x.provider, { operation: x.operation, at: new Date(x.created_at) }]),
  ) as Partial<Record<'goroute' | 'exdata', { operation: string; at: Date }>>;
}

/**
 * Newest calls: request IDs kept, and whether a 429 / 5xx / no-response call later succeeded for the same
 * item — or is still waiting for its next attempt (a retry under way is not a failed retry).
 */
async function callSample(db: Database) {
  // Only the retryable-status rows get the per-row lookups; planning them for all rows would also cost a JIT compile.
  const r = await rows<{
    provider: string;
    kind: string;
    n: string;
    recovered: string;
    waiting: string;
    no_request_id: string;
  }>(
    db,
    sql`with c as (
          (select provider, operation, http_status, request_id, document_id, transaction_id, created_at from api_calls
           where provider = 'goroute' order by created_at desc nulls last limit ${SAMPLE / 2})
          union all
          (select provider, operation, http_status, request_id, document_id, transaction_id, created_at from api_calls
           where provider = 'exdata' order by created_at desc nulls last limit ${SAMPLE / 2})),
        retry as (
          select c.provider, case when c.http_status = 429 then '429' when c.http_status >= 500 then '5xx' else 'none' end as kind,
            exists (select 1 from api_calls s where s.transaction_id = c.transaction_id and s.operation = c.operation
                      and s.created_at > c.created_at and s.http_status between 200 and 299)
            or exists (select 1 from api_calls s where c.transaction_id is null and s.document_id = c.document_id
                      and s.operation = c.operation and s.created_at > c.created_at and s.http_status between 200 and 299) as recovered,
            exists (select 1 from transactions t where t.id = c.transaction_id and t.status in ('queued', 'failed') and t.dead_lettered_at is null)
            or exists (select 1 from documents d where c.transaction_id is null and d.id = c.document_id and d.pipeline_state in ('received', 'uploading')) as waiting
          from c where c.http_status is null or c.http_status = 429 or c.http_status >= 500)
        select provider, 'all' as kind, count(*) as n, count(*) filter (where request_id is null) as no_request_id, 0 as recovered, 0 as waiting from c group by 1
        union all
        select provider, kind, count(*), 0, count(*) filter (where recovered), count(*) filter (where waiting and not recovered) from retry group by 1, 2`,
  );
  return r.map((x) => ({
    provider: x.provider,
    kind: x.kind,
    n: num(x.n),
    recovered: num(x.recovered),
    waiting: num(x.waiting),
    noRequestId: num(x.no_request_id),
  }));
}

/** Newest verified delivery per provider (webhook_deliveries_provider_received_idx, newest first). */
async function lastWebhook(db: Database) {
  const r = await rows<{ provider: string; received_at: Date }>(
    db,
    sql`select p.provider, w.received_at from (values ('goroute'::provider), ('exdata'::provider)) as p(provider)
        cross join lateral (select received_at from webhook_deliveries w where w.provider = p.provider
                            and w.signature_result in ('valid', 'valid_previous_secret') order by w.received_at desc nulls last limit 1) w`,
  );
  return Object.fromEntries(r.map((x) => [x.provider, new Date(x.received_at)])) as Partial<
    Record<'goroute' | 'exdata', Date>
  >;
}

/** Newest deliveries by provider, signature and processing result. */
async function webhookSample(db: Database) {
  const r = await rows<{
    provider: string;
    signature_result: string;
    processing_result: string;
    n: string;
    duplicates: string;
    no_delivery_id: string;
    latency_ms: number | null;
    since: Date;
  }>(
    db,
    sql`select provider, signature_result, processing_result, count(*) as n, sum(duplicate_count) as duplicates,
          count(*) filter (where delivery_id is null) as no_delivery_id, avg(processing_latency_ms)::float8 as latency_ms, min(received_at) as since
        from (select * from webhook_deliveries order by received_at desc nulls last, id desc nulls last limit ${SAMPLE}) w group by 1, 2, 3`,
  );
  return r.map((x) => ({
    provider: x.provider,
    signature: x.signature_result,
    result: x.processing_result,
    n: num(x.n),
    duplicates: num(x.duplicates),
    noDeliveryId: num(x.no_delivery_id),
    latencyMs: x.latency_ms,
    since: new Date(x.since),
  }));
}

/** Genuine deliveries stored without a delivery ID, ever (an index-only probe of the partial unique index on provider + delivery ID). */
async function acceptedWithoutId(db: Database) {
  const count = (provider: string) =>
    sql`(select count(*) from webhook_deliveries where provider = ${provider}::provider and delivery_id is null
         and signature_result in ('valid', 'valid_previous_secret'))`;
  const [r] = await rows<{ goroute: string; exdata: string }>(
    db,
    sql`select ${count('goroute')} as goroute, ${count('exdata')} as exdata`,
  );
  return { goroute: num(r?.goroute), exdata: num(r?.exdata) };
}

async function transactionSample(db: Database) {
  const r = await rows<{
    direction: string;
    status: string;
    document_type: string;
    receiver_country: string | null;
    n: string;
    retried: string;
    no_key: string;
  }>(
    db,
    sql`select direction, status, document_type, receiver_country, count(*) as n,
          count(*) filter (where attempts > 1) as retried, count(*) filter (where send_idempotency_key is null) as no_key
        from (select * from transactions order by created_at desc nulls last, id desc nulls last limit ${SAMPLE}) t group by 1, 2, 3, 4`,
  );
  return r.map((x) => ({
    direction: x.direction,
    status: x.status,
    documentType: x.document_type,
    country: x.receiver_country,
    n: num(x.n),
    retried: num(x.retried),
    noKey: num(x.no_key),
  }));
}

async function documentSample(db: Database) {
  const r = await rows<{
    exdata_status: string | null;
    pipeline_state: string;
    n: string;
    with_exdata_id: string;
    reuploads: string;
    with_request_id: string;
  }>(
    db,
    sql`select exdata_status, pipeline_state, count(*) as n, count(exdata_document_id) as with_exdata_id,
          count(*) filter (where upload_attempt > 1) as reuploads, count(last_request_id) as with_request_id
        from (select * from documents order by created_at desc nulls last, id desc nulls last limit ${SAMPLE}) d group by 1, 2`,
  );
  return r.map((x) => ({
    exdataStatus: x.exdata_status,
    state: x.pipeline_state,
    n: num(x.n),
    withExdataId: num(x.with_exdata_id),
    reuploads: num(x.reuploads),
    withRequestId: num(x.with_request_id),
  }));
}

/** Failed sends now (partial index transactions_failed_idx). */
async function failedSends(db: Database) {
  const r = await rows<{
    category: string | null;
    retryable: boolean | null;
    dead: boolean;
    n: string;
    older_7d: string;
  }>(
    db,
    sql`select last_error_category as category, last_error_retryable as retryable, dead_lettered_at is not null as dead, count(*) as n,
          count(*) filter (where status_changed_at < now() - interval '7 days') as older_7d
        from transactions where status = 'failed' group by 1, 2, 3`,
  );
  return r.map((x) => ({
    category: x.category,
    retryable: x.retryable,
    deadLetter: x.dead,
    n: num(x.n),
    older7d: num(x.older_7d),
  }));
}

/** Pending too long now, by the admin's windows (the partial indexes behind the pending view). */
async function pendingTooLong(db: Database) {
  const [windows, counts] = await Promise.all([pendingWindows(db), countPendingTooLong(db)]);
  return { windows, docs: counts.exdata, sends: counts.goroute };
}

/** The admins' ticks on manual items, by item. */
export async function checklistAttestations(db: Database) {
  const attestations = await rows<{ item_id: string; done: boolean; note: string; attested_at: Date; name: string }>(
    db,
    sql`select a.item_id, a.done, a.note, a.attested_at, u.name from checklist_attestations a join users u on u.id = a.attested_by`,
  );
  return new Map(
    attestations.map((a) => [a.item_id, { done: a.done, note: a.note, at: new Date(a.attested_at), by: a.name }]),
  );
}

/** Small tables and the catalogue: settings, alerts, notifications, attestations, audit, indexes, queues. */
async function smallFacts(db: Database) {
  const [settings, alerts, notifications, attestations, counts] = await Promise.all([
    rows<{ key: string; value: unknown; updated_at: Date }>(db, sql`select key, value, updated_at from settings`),
    rows<{ rule: string; status: string; n: string }>(
      db,
      sql`select rule, status, count(*) as n from alerts group by 1, 2`,
    ),
    rows<{ status: string; n: string }>(db, sql`select status, count(*) as n from alert_notifications group by 1`),
    checklistAttestations(db),
    rows<{ audit: string; review_fields: string; indexes: string; boss: boolean }>(
      db,
      sql`select (select count(*) from audit_log) as audit,
            (select count(*) from extracted_fields where review_state = 'needs_review') as review_fields,
            (select count(*) from pg_indexes where schemaname = current_schema()) as indexes,
            to_regclass('pgboss.queue') is not null as boss`,
    ),
  ]);
  const c = counts[0]!;
  const queues = c.boss
    ? num((await rows<{ n: string }>(db, sql`select count(*) as n from pgboss.queue`))[0]?.n)
    : null;
  return {
    settings: Object.fromEntries(
      settings.map((s) => [s.key, { value: s.value, updatedAt: new Date(s.updated_at) }]),
    ) as Record<string, { value: unknown; updatedAt: Date }>,
    alerts: alerts.map((a) => ({ rule: a.rule, status: a.status, n: num(a.n) })),
    notifications: Object.fromEntries(notifications.map((n) => [n.status, num(n.n)])) as Record<string, number>,
    attestations,
    auditRows: num(c.audit),
    reviewFields: num(c.review_fields),
    indexes: num(c.indexes),
    queues,
  };
}

/**
 * The newest document that went all the way (uploaded → extracted → webhook → delivered), with the
 * exdata mode its extraction webhook reported (null once retention purged the body).
 */
async function completeDocument(db: Database, mode: 'test' | 'live' | 'any') {
  const [r] = await rows<{
    id: string;
    source_id: string;
    exdata_document_id: string;
    goroute_transaction_id: string;
    webhooks: string;
    exdata_mode: string | null;
  }>(
    db,
    sql`with pick as (
          select d.id, d.source_id, d.exdata_document_id, t.id as txn_id, t.goroute_transaction_id, w.mode as exdata_mode
          from (select id, source_id, exdata_document_id, created_at from documents where pipeline_state = 'delivered'
                order by created_at desc nulls last, id desc nulls last limit ${RECENT_DELIVERED}) d
          cross join lateral (select id, goroute_transaction_id from transactions where document_id = d.id and status = 'delivered'
                              and goroute_transaction_id is not null order by created_at desc limit 1) t
          cross join lateral (select body::jsonb -> 'data' ->> 'mode' as mode from webhook_deliveries where document_id = d.id and provider = 'exdata'
                              and processing_result = 'processed' order by received_at desc limit 1) w
          where d.exdata_document_id is not null and (${mode} = 'any' or w.mode = ${mode})
          order by d.created_at desc nulls last, d.id desc nulls last limit 1)
        select p.*, (select count(*) from webhook_deliveries x where x.document_id = p.id or x.transaction_id = p.txn_id) as webhooks from pick p`,
  );
  return r
    ? {
        id: r.id,
        sourceId: r.source_id,
        exdataDocumentId: r.exdata_document_id,
        gorouteTransactionId: r.goroute_transaction_id,
        webhooks: num(r.webhooks),
        exdataMode: r.exdata_mode,
      }
    : null;
}

/** Everything the checklist evaluates, read in parallel. */
/** `anyLive`: a provider runs in live mode, so the newest document extracted in live mode is looked for too. */
export async function getChecklistFacts(db: Database, anyLive: boolean) {
  const [
    rollupRows,
    success,
    lastVerified,
    calls,
    webhooks,
    withoutId,
    sends,
    docs,
    failed,
    pending,
    small,
    latestComplete,
    latestLive,
  ] = await Promise.all([
    rollups(db),
    lastSuccess(db),
    lastWebhook(db),
    callSample(db),
    webhookSample(db),
    acceptedWithoutId(db),
    transactionSample(db),
    documentSample(db),
    failedSends(db),
    pendingTooLong(db),
    smallFacts(db),
    completeDocument(db, 'any'),
    anyLive ? completeDocument(db, 'live') : Promise.resolve(null),
  ]);
  return {
    rollups: rollupRows,
    lastSuccess: success,
    lastWebhook: lastVerified,
    calls,
    webhooks,
    acceptedWithoutId: withoutId,
    sends,
    docs,
    failed,
    pending,
    ...small,
    latestComplete,
    latestLive,
  };
}

export type ChecklistFacts = Awaited<ReturnType<typeof getChecklistFacts>>;
