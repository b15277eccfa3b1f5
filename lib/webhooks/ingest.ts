import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { insertRejectedDelivery, type DeliveryRow, type RejectedRow } from '@/db/queries/webhook-ingest';
import type { Provider, SignatureResult } from '@/db/schema/enums';
import { groupCommitterFor, type StoredLog } from './group-commit';
import { inspectDelivery, storableHeaders, type WebhookConfig } from './inspect';
import type { RejectionLimiter } from './rejection-limit';

export const MAX_BODY_BYTES = 1024 * 1024;
/** The processing error of a request refused unread for its size (its body is never stored). */
export const OVERSIZED_REASON = 'body larger than 1 MiB: not read, not verified';
/** What is kept of a body that failed verification: enough to see what it was, not a megabyte per anonymous post. */
export const REJECTED_BODY_PREFIX_BYTES = 4096;

export type IngestResult = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };
export type IngestDeps = {
  pool: Pool;
  config: WebhookConfig;
  now?: () => Date;
  log?: StoredLog;
  /** Limits how many rejected requests one client may have recorded (lib/webhooks/rejection-limit.ts). */
  rejections?: { limiter: RejectionLimiter; client: string };
};

const VERIFIED: readonly SignatureResult[] = ['valid', 'valid_previous_secret'];

/**
 * The stored form of a rejected body. A validly signed one came from the provider and is kept whole (≤ 1 MiB);
 * one that failed verification could come from anyone, so only a prefix is kept, with the hash and size of the
 * whole, which still tell two such requests apart.
 */
export function rejectedBody(
  raw: Buffer,
  signatureResult: SignatureResult,
): Pick<RejectedRow, 'body' | 'bodySha256' | 'bodyBytes'> {
  if (VERIFIED.includes(signatureResult))
    return { body: raw.toString('utf8'), bodySha256: null, bodyBytes: raw.length };
  // Cut on a character boundary: a prefix of UTF-8 bytes may end inside a character (it then decodes to U+FFFD).
  const prefix = raw
    .subarray(0, REJECTED_BODY_PREFIX_BYTES)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return { body: prefix, bodySha256: createHash('sha256').update(raw).digest('hex'), bodyBytes: raw.length };
}

/** 429 for a client past its allowance of recorded rejections, else null (record it). */
export async function limitRejection(deps: Pick<IngestDeps, 'rejections'>): Promise<IngestResult | null> {
  if (!deps.rejections) return null;
  const wait = await deps.rejections.limiter.admit(deps.rejections.client);
  if (wait === null) return null;
  return {
    status: 429,
    body: { error: 'too many rejected requests from this client' },
    headers: { 'retry-after': String(wait) },
  };
}

/**
 * The receiver's whole job: verify, store, enqueue, answer. The delivery row and its processing job
 * are written in one transaction before the 2xx, so an acknowledged delivery is never lost and a
 * crash before commit leaves nothing half-done (the provider redelivers). Concurrent deliveries share
 * that transaction (group commit, ./group-commit.ts). No provider call happens here.
 */
export async function ingestWebhook(
  provider: Provider,
  headers: Headers,
  rawBody: Buffer,
  deps: IngestDeps,
): Promise<IngestResult> {
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
    const limited = await limitRejection(deps);
    if (limited) return limited;
    const client = await deps.pool.connect();
    try {
      await insertRejectedDelivery(client, { ...row, ...rejectedBody(rawBody, verdict.signatureResult) });
    } finally {
      client.release();
    }
    return { status: verdict.rejection.status, body: { error: verdict.rejection.reason } };
  }
  const stored = await groupCommitterFor(deps).store(row);
  return { status: 200, body: { received: true, id: stored.id, duplicate: stored.duplicate } };
}
