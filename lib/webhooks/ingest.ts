import type { Pool } from 'pg';
import { insertRejectedDelivery, type DeliveryRow } from '@/db/queries/webhook-ingest';
import type { Provider } from '@/db/schema/enums';
import { groupCommitterFor, type StoredLog } from './group-commit';
import { inspectDelivery, storableHeaders, type WebhookConfig } from './inspect';

export const MAX_BODY_BYTES = 1024 * 1024;

export type IngestResult = { status: number; body: Record<string, unknown> };
export type IngestDeps = { pool: Pool; config: WebhookConfig; now?: () => Date; log?: StoredLog };

/**
 * The receiver's whole job: verify, store, enqueue, answer. The delivery row and its processing job
 * are written in one transaction before the 2xx, so an acknowledged delivery is never lost and a
 * crash before commit leaves nothing half-done (the provider redelivers). Concurrent deliveries share
 * that transaction (group commit, ./group-commit.ts). No provider call happens here.
 */
export async function ingestWebhook(provider: Provider, headers: Headers, rawBody: Buffer, deps: IngestDeps): Promise<IngestResult> {
  const receivedAt = deps.now?.() ?? new Date();
  const verdict = inspectDelivery(provider, headers, rawBody, receivedAt, deps.config);
  const row: DeliveryRow = {
    provider,
    deliveryId: verdict.deliveryId,
    eventType: verdict.eventType,
    receivedAt,
    headers: storableHeaders(headers),
    body: rawBody.toString('utf8'),
    signatureResult: verdict.signatureResult,
    timestampSkewSeconds: verdict.skewSeconds,
    processingResult: verdict.rejection ? 'rejected' : 'queued',
    processingError: verdict.rejection?.reason ?? null,
  };
  if (verdict.rejection) {
    const client = await deps.pool.connect();
    try {
      await insertRejectedDelivery(client, row);
    } finally {
      client.release();
    }
    return { status: verdict.rejection.status, body: { error: verdict.rejection.reason } };
  }
  const stored = await groupCommitterFor(deps).store(row);
  return { status: 200, body: { received: true, id: stored.id, duplicate: stored.duplicate } };
}
