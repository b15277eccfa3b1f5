import type { PoolClient } from 'pg';
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

const insertSql = `
  insert into webhook_deliveries
    (provider, delivery_id, event_type, received_at, headers, body, signature_result, timestamp_skew_seconds, processing_result, processing_error)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

const params = (r: DeliveryRow) => [
  r.provider, r.deliveryId, r.eventType, r.receivedAt, JSON.stringify(r.headers), r.body,
  r.signatureResult, r.timestampSkewSeconds, r.processingResult, r.processingError,
];

/**
 * A rejected request is kept for the record. Unsigned ones never claim a delivery ID (the unique
 * index covers signed rows only); a signed but unreadable body that repeats is stored once.
 */
export async function insertRejectedDelivery(client: PoolClient, row: DeliveryRow): Promise<string | null> {
  const { rows } = await client.query<{ id: string }>(`${insertSql} on conflict do nothing returning id`, params(row));
  return rows[0]?.id ?? null;
}

/**
 * Group commit: many accepted deliveries in two statements. The first occurrence of each provider
 * delivery ID is inserted (unless already stored); every other occurrence — already stored, or repeated
 * within this batch — is counted on the stored row. Results come back in input order. Runs inside the
 * caller's transaction.
 */
export async function insertAcceptedDeliveries(client: PoolClient, rows: DeliveryRow[]): Promise<{ id: string; duplicate: boolean }[]> {
  const cols = {
    provider: rows.map((r) => r.provider), deliveryId: rows.map((r) => r.deliveryId), eventType: rows.map((r) => r.eventType),
    receivedAt: rows.map((r) => r.receivedAt.toISOString()), headers: rows.map((r) => JSON.stringify(r.headers)), body: rows.map((r) => r.body),
    signature: rows.map((r) => r.signatureResult), skew: rows.map((r) => r.timestampSkewSeconds), result: rows.map((r) => r.processingResult),
    error: rows.map((r) => r.processingError),
  };
  const inserted = await client.query<{ id: string; ord: string }>(
    `with input as (
       select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[])
         with ordinality as t(provider, delivery_id, event_type, received_at, headers, body, signature_result, skew, processing_result, processing_error, ord)
     ), firsts as (
       select distinct on (provider, delivery_id) * from input order by provider, delivery_id, ord
     ), ins as (
       insert into webhook_deliveries
         (provider, delivery_id, event_type, received_at, headers, body, signature_result, timestamp_skew_seconds, processing_result, processing_error)
       select provider::provider, delivery_id, event_type, received_at, headers, body, signature_result::signature_result, skew,
              processing_result::processing_result, processing_error
       -- Key order, not arrival order: two batches racing on the same IDs take their locks in the same order.
       from firsts order by provider, delivery_id
       on conflict (provider, delivery_id) where signature_result in ('valid', 'valid_previous_secret') do nothing
       returning id, provider::text as provider, delivery_id
     )
     select ins.id, firsts.ord from ins join firsts on firsts.provider = ins.provider and firsts.delivery_id = ins.delivery_id`,
    [cols.provider, cols.deliveryId, cols.eventType, cols.receivedAt, cols.headers, cols.body, cols.signature, cols.skew, cols.result, cols.error],
  );
  const results: ({ id: string; duplicate: boolean } | undefined)[] = new Array(rows.length);
  for (const r of inserted.rows) results[Number(r.ord) - 1] = { id: r.id, duplicate: false };
  const repeats = new Map<string, { provider: string; deliveryId: string; n: number; at: Date; positions: number[] }>();
  rows.forEach((r, i) => {
    if (results[i]) return;
    const key = `${r.provider}\u0000${r.deliveryId}`;
    const entry = repeats.get(key) ?? { provider: r.provider, deliveryId: r.deliveryId!, n: 0, at: r.receivedAt, positions: [] };
    entry.n += 1;
    entry.positions.push(i);
    entry.at = r.receivedAt > entry.at ? r.receivedAt : entry.at;
    repeats.set(key, entry);
  });
  if (repeats.size > 0) {
    const list = [...repeats.values()].sort((a, b) => (a.provider + a.deliveryId < b.provider + b.deliveryId ? -1 : 1));
    // The stored rows are locked in arrival order (received_at, id), the order the worker applies a batch in
    // (processWebhooks): a batch counting duplicates and a worker batch applying deliveries then never wait on
    // each other in a cycle. (Found by the ingest benchmark: in arbitrary order, a deadlock failed a whole batch.)
    const dup = await client.query<{ id: string; provider: string; delivery_id: string }>(
      `with target as (
         select w.id, d.n, d.at
           from webhook_deliveries w
           join unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[]) as d(provider, delivery_id, n, at)
             on w.provider = d.provider::provider and w.delivery_id = d.delivery_id and w.signature_result in ('valid', 'valid_previous_secret')
          order by w.received_at, w.id
            for update of w
       )
       update webhook_deliveries w set duplicate_count = w.duplicate_count + t.n, last_duplicate_at = greatest(coalesce(w.last_duplicate_at, t.at), t.at)
         from target t
        where w.id = t.id
       returning w.id, w.provider::text as provider, w.delivery_id`,
      [list.map((d) => d.provider), list.map((d) => d.deliveryId), list.map((d) => d.n), list.map((d) => d.at.toISOString())],
    );
    for (const d of dup.rows) {
      for (const i of repeats.get(`${d.provider}\u0000${d.delivery_id}`)!.positions) results[i] = { id: d.id, duplicate: true };
    }
  }
  return results.map((r, i) => {
    // Cannot happen while the unique index holds; fail loudly (→ 503, provider redelivers) rather than ack.
    if (!r) throw new Error(`delivery ${rows[i]!.deliveryId} was neither stored nor found`);
    return r;
  });
}
