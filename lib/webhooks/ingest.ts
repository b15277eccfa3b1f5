import type PgBoss from 'pg-boss';
import type { Pool } from 'pg';
import { insertAcceptedDelivery, insertRejectedDelivery, type DeliveryRow } from '@/db/queries/webhook-ingest';
import type { Provider } from '@/db/schema/enums';
import { queues } from '@/lib/jobs/queues';
import { inspectDelivery, storableHeaders, type WebhookConfig } from './inspect';

export const MAX_BODY_BYTES = 1024 * 1024;

export type IngestResult = { status: number; body: Record<string, unknown> };
export type IngestDeps = { pool: Pool; boss: PgBoss; config: WebhookConfig; now?: () => Date };

/**
 * The receiver's whole job: verify, store, enqueue, answer. The delivery row and its processing job
 * are written in one transaction before the 2xx, so an acknowledged delivery is never lost and a
 * crash before commit leaves nothing half-done (the provider redelivers). No provider call happens here.
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
  const client = await deps.pool.connect();
  try {
    if (verdict.rejection) {
      await insertRejectedDelivery(client, row);
      return { status: verdict.rejection.status, body: { error: verdict.rejection.reason } };
    }
    await client.query('begin');
    const stored = await insertAcceptedDelivery(client, row);
    if (!stored.duplicate) {
      // pg-boss writes the job through our client, inside our transaction.
      await deps.boss.send(queues.webhookProcess, { deliveryRowId: stored.id }, { db: { executeSql: (text, values) => client.query(text, values) } });
    }
    await client.query('commit');
    return { status: 200, body: { received: true, id: stored.id, duplicate: stored.duplicate } };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
