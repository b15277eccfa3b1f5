import type { Pool, PoolClient } from 'pg';
import type { Provider, ProcessingResult, SignatureResult } from '../schema/enums';

export type DeliveryRow = {
  provider: Provider;
  deliveryId: string | null;
  eventType: string | null;
  receivedAt: Date;
  headers: Record<string, string>;
  // Null for a request refused unread (larger than the receiver's limit).
  body: string | null;
  signatureResult: SignatureResult;
  timestampSkewSeconds: number | null;
  processingResult: ProcessingResult;
  processingError: string | null;
};

/** A refused request: its body may be only a prefix, with the whole body's hash and size beside it. */
export type RejectedRow = DeliveryRow & { bodySha256: string | null; bodyBytes: number | null };

const insertSql = `
  insert into webhook_deliveries
    (provider, delivery_id, event_type, received_at, headers, body, signature_result, timestamp_skew_seconds, processing_result, processing_error,
     body_sha256, body_bytes)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`;

const params = (r: RejectedRow) => [
  r.provider,
  r.deliveryId,
  r.eventType,
  r.receivedAt,
  JSON.stringify(r.headers),
  r.body,
  r.signatureResult,
  r.timestampSkewSeconds,
  r.processingResult,
  r.processingError,
  r.bodySha256,
  r.bodyBytes,
];

/**
 * A rejected request is kept for the record. Unsigned ones never claim a delivery ID (the unique
 * index covers signed rows only); a signed but unreadable body that repeats is stored once.
 */
export async function insertRejectedDelivery(client: PoolClient, row: RejectedRow): Promise<string | null> {
  const { rows } = await client.query<{ id: string }>(`${insertSql} on conflict do nothing returning id`, params(row));
  return rows[0]?.id ?? null;
}

/** The channel on which a commit that queued webhook processing notifies listening workers. */
export const WEBHOOK_JOBS_CHANNEL = 'invoice_ops_webhook_jobs';

type Stored = { id: string; duplicate: boolean };
type Key = {
  provider: string;
  deliveryId: string;
  rows: number[];
  first: DeliveryRow;
  lastAt: Date;
  lastRepeatAt: Date | null;
};

/** The batch by provider delivery ID, each with the positions of its copies (first occurrence first). */
function byKey(rows: DeliveryRow[]): Key[] {
  const keys = new Map<string, Key>();
  rows.forEach((r, i) => {
    const k = `${r.provider}\u0000${r.deliveryId}`;
    const key = keys.get(k);
    if (!key)
      keys.set(k, {
        provider: r.provider,
        deliveryId: r.deliveryId!,
        rows: [i],
        first: r,
        lastAt: r.receivedAt,
        lastRepeatAt: null,
      });
    else {
      key.rows.push(i);
      if (r.receivedAt > key.lastAt) key.lastAt = r.receivedAt;
      if (!key.lastRepeatAt || r.receivedAt > key.lastRepeatAt) key.lastRepeatAt = r.receivedAt;
    }
  });
  return [...keys.values()];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Stores accepted deliveries and queues their processing, in ONE statement — so in one round trip and, outside
 * a transaction, one commit: each new provider delivery ID becomes a row (copies of it within the batch counted
 * on it); a copy of one already stored is counted in webhook_duplicate_copies, without locking the stored row;
 * and one pg-boss job names the batch's new rows (see `jobRow`). The same work took five round trips before
 * (begin, insert, count, job, commit), and the receiver's group commit waited on each of them.
 *
 * If the second statement below fails, the batch is answered 503 although its new rows are stored and queued:
 * the provider redelivers, and the copies are then answered as duplicates. Nothing is lost either way.
 *
 * A row another receiver inserts concurrently (after this statement's snapshot) is neither inserted nor
 * counted here; such copies are counted by a second statement. Results come back in input order.
 */
export async function storeAcceptedDeliveries(
  client: PoolClient,
  rows: DeliveryRow[],
  job: { queue: string; correlationId?: string },
): Promise<Stored[]> {
  const keys = byKey(rows);
  const col = <T>(pick: (k: Key) => T) => keys.map(pick);
  const { rows: found } = await client.query<{ id: string; provider: string; delivery_id: string; existed: boolean }>({
    // Named, so each connection parses and plans this statement once, not per batch: parse and plan were more than
    // half of its PostgreSQL CPU (measured at 16 deliveries a batch: 0.26 → 0.11 ms a delivery, 6.0 → 3.4 ms a
    // commit). Needs a session-level connection (no PgBouncer transaction pooling), as pg-boss does anyway.
    name: 'store-accepted-deliveries',
    text: `with firsts as (
       select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::int[], $12::timestamptz[], $13::timestamptz[])
         as t(provider, delivery_id, event_type, received_at, headers, body, signature_result, skew, processing_result, processing_error, repeats, last_at, last_repeat_at)
     ), existing as (
       -- Stored before: every copy is a duplicate. Read without a lock, and counted in webhook_duplicate_copies
       -- rather than on the row, which the worker may hold locked while it applies the delivery.
       select w.id, f.provider, f.delivery_id, f.repeats + 1 as n, f.last_at as at
         from webhook_deliveries w
         join firsts f on w.provider = f.provider::provider and w.delivery_id = f.delivery_id and w.signature_result in ('valid', 'valid_previous_secret')
     ), counted as (
       insert into webhook_duplicate_copies (delivery_row_id, copies, last_at) select id, n, at from existing
     ), ins as (
       insert into webhook_deliveries
         (provider, delivery_id, event_type, received_at, headers, body, signature_result, timestamp_skew_seconds, processing_result, processing_error, duplicate_count, last_duplicate_at)
       select provider::provider, delivery_id, event_type, received_at, headers, body, signature_result::signature_result, skew,
              processing_result::processing_result, processing_error, repeats, last_repeat_at
         from firsts f
        where not exists (select 1 from existing e where e.provider = f.provider and e.delivery_id = f.delivery_id)
        -- Key order, not arrival order: two batches racing on the same IDs take their locks in the same order.
        order by provider, delivery_id
       on conflict (provider, delivery_id) where signature_result in ('valid', 'valid_previous_secret') do nothing
       returning id, provider::text as provider, delivery_id
     ), job as (
       ${jobRow('$14', '$15')}
       returning id
     ), woken as (
       -- Wakes a listening worker (worker/wake.ts) when this commits — PostgreSQL sends notifications only then —
       -- instead of leaving the job to the worker's next poll. Counted below: a CTE nothing reads is never run.
       select pg_notify('${WEBHOOK_JOBS_CHANNEL}', '') from job
     )
     select id, provider, delivery_id, false as existed from ins where (select count(*) from woken) >= 0
     union all
     select id, provider::text, delivery_id, true from existing`,
    values: [
      col((k) => k.provider),
      col((k) => k.deliveryId),
      col((k) => k.first.eventType),
      col((k) => k.first.receivedAt.toISOString()),
      col((k) => JSON.stringify(k.first.headers)),
      col((k) => k.first.body),
      col((k) => k.first.signatureResult),
      col((k) => k.first.timestampSkewSeconds),
      col((k) => k.first.processingResult),
      col((k) => k.first.processingError),
      col((k) => k.rows.length - 1),
      col((k) => k.lastAt.toISOString()),
      col((k) => iso(k.lastRepeatAt)),
      job.queue,
      job.correlationId ?? null,
    ],
  });
  const results: (Stored | undefined)[] = new Array(rows.length);
  const keyed = new Map(keys.map((k) => [`${k.provider}\u0000${k.deliveryId}`, k]));
  const resolve = (k: Key, id: string, existed: boolean) =>
    k.rows.forEach((i, n) => (results[i] = { id, duplicate: existed || n > 0 }));
  for (const f of found) resolve(keyed.get(`${f.provider}\u0000${f.delivery_id}`)!, f.id, f.existed);
  const raced = keys.filter((k) => !results[k.rows[0]!]);
  if (raced.length > 0) {
    for (const c of await countCopies(client, raced))
      resolve(keyed.get(`${c.provider}\u0000${c.delivery_id}`)!, c.id, true);
  }
  return results.map((r, i) => {
    // Cannot happen while the unique index holds; fail loudly (→ 503, provider redelivers) rather than ack.
    if (!r) throw new Error(`delivery ${rows[i]!.deliveryId} was neither stored nor found`);
    return r;
  });
}

/**
 * The pg-boss job for the batch's new rows (`ins`), written by the same statement. pg-boss has no SQL-level send,
 * so this inserts into its job table as its own insert does (node_modules/pg-boss/src/plans.js, insertJob), with
 * the queue's policy read from its queue table; nothing when no row is new. Tied to pg-boss 10's schema (the
 * version is pinned by major in package.json); the ingest and worker tests fail if it stops matching.
 */
function jobRow(queue: string, correlationId: string): string {
  return `insert into pgboss.job (name, data, priority, retry_limit, retry_delay, retry_backoff, expire_in, keep_until, dead_letter, policy)
       select q.name,
              jsonb_build_object('deliveryRowIds', (select jsonb_agg(id) from ins)) || coalesce(jsonb_build_object('correlationId', ${correlationId}::text), '{}'),
              0,
              coalesce(q.retry_limit, 2),
              case when coalesce(q.retry_backoff, false) then greatest(coalesce(q.retry_delay, 0), 1) else coalesce(q.retry_delay, 0) end,
              coalesce(q.retry_backoff, false),
              coalesce(q.expire_seconds * interval '1 second', interval '15 minutes'),
              now() + coalesce(q.retention_minutes * interval '1 minute', interval '14 days'),
              q.dead_letter,
              q.policy
         -- A left join, so a missing queue inserts a job without a name: the NOT NULL violation fails the whole
         -- statement (nothing stored, 503, the provider redelivers) instead of storing deliveries nobody applies.
         from (select 1) as one left join pgboss.queue q on q.name = ${queue}
        where exists (select 1 from ins)`;
}

/** Counts copies of deliveries another receiver stored since the first statement's snapshot. */
async function countCopies(client: PoolClient, keys: Key[]) {
  const { rows } = await client.query<{ id: string; provider: string; delivery_id: string }>(
    `with stored as (
       select w.id, w.provider::text as provider, w.delivery_id, d.n, d.at
         from webhook_deliveries w
         join unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[]) as d(provider, delivery_id, n, at)
           on w.provider = d.provider::provider and w.delivery_id = d.delivery_id and w.signature_result in ('valid', 'valid_previous_secret')
     ), counted as (
       insert into webhook_duplicate_copies (delivery_row_id, copies, last_at) select id, n, at from stored
     )
     select id, provider, delivery_id from stored`,
    [
      keys.map((k) => k.provider),
      keys.map((k) => k.deliveryId),
      keys.map((k) => k.rows.length),
      keys.map((k) => k.lastAt.toISOString()),
    ],
  );
  return rows;
}

/**
 * Folds the counted redeliveries into their delivery rows (the worker runs it every few seconds). Each copy is
 * folded once, however many workers fold at once (the delete hands each copy row to one of them). Delivery rows
 * are locked in arrival order, as the worker's batches lock them, so the two never deadlock. Returns how many
 * delivery rows were updated.
 */
export async function foldDuplicateCopies(pool: Pool): Promise<number> {
  const { rowCount } = await pool.query(
    `with moved as (
       delete from webhook_duplicate_copies returning delivery_row_id, copies, last_at
     ), summed as (
       select delivery_row_id as id, sum(copies)::int as n, max(last_at) as at from moved group by 1
     ), target as (
       select w.id, s.n, s.at from webhook_deliveries w join summed s on s.id = w.id order by w.received_at, w.id for update of w
     )
     update webhook_deliveries w set duplicate_count = w.duplicate_count + t.n, last_duplicate_at = greatest(coalesce(w.last_duplicate_at, t.at), t.at)
       from target t
      where w.id = t.id`,
  );
  return rowCount ?? 0;
}
