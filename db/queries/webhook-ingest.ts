import type { PoolClient } from 'pg';
import type { Provider, ProcessingResult, SignatureResult } from '../schema/enums';

export type DeliveryRow = {
  provider: Provider;
  deliveryId: string | null;
  eventType: string | null;
  receivedAt: Date;
  headers: Record<string, string>;
  body: string;
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
 * Inserts an accepted delivery, or — when its provider delivery ID is already stored — counts the
 * duplicate on the original row. Runs inside the caller's transaction.
 */
export async function insertAcceptedDelivery(client: PoolClient, row: DeliveryRow): Promise<{ id: string; duplicate: boolean }> {
  const inserted = await client.query<{ id: string }>(
    `${insertSql}
     on conflict (provider, delivery_id) where signature_result in ('valid', 'valid_previous_secret') do nothing
     returning id`,
    params(row),
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, duplicate: false };
  const dup = await client.query<{ id: string }>(
    `update webhook_deliveries set duplicate_count = duplicate_count + 1, last_duplicate_at = $3
     where provider = $1 and delivery_id = $2 and signature_result in ('valid', 'valid_previous_secret')
     returning id`,
    [row.provider, row.deliveryId, row.receivedAt],
  );
  return { id: dup.rows[0]!.id, duplicate: true };
}
