import type { Pool } from 'pg';
import { insertRejectedDelivery } from '@/db/queries/webhook-ingest';
import type { Provider } from '@/db/schema/enums';
import { log } from '@/lib/log';
import { clientFromHeaders } from '@/lib/http/client-address';
import { ingestWebhook, limitRejection, OVERSIZED_REASON, type IngestResult } from './ingest';
import { storableHeaders, type WebhookConfig } from './inspect';
import { createRejectionLimiter, type RejectionLimiter } from './rejection-limit';

export type AnswerDeps = {
  pool: Pool;
  config: WebhookConfig;
  rejections?: RejectionLimiter;
  trustedProxyHops?: number;
};

let shared: RejectionLimiter | undefined;

/** The process's one limiter of recorded rejections (lib/webhooks/rejection-limit.ts), shared by both receivers. */
export function rejectionLimiter(perMinute: number): RejectionLimiter {
  shared ??= createRejectionLimiter(perMinute, (client) =>
    log.warn({ client, perMinute }, 'webhook requests failing verification rate-limited: 429, not recorded'),
  );
  return shared;
}

/**
 * Headers on every acknowledgement. no-transform: Next gzips every streamed response whatever its size; a gzip
 * stream per delivery cost the receiver (and the sender, inflating it) more CPU than the acknowledgement itself.
 */
export const ACK_HEADERS = { 'cache-control': 'no-store, no-transform' } as const;

/**
 * The answer to one webhook request, whichever server received it (the Next.js route handler, or the Node
 * server around Next in production: lib/webhooks/node-receiver.ts). `body` is null when the request was larger
 * than MAX_BODY_BYTES and refused unread. Never a 2xx unless the delivery is stored.
 */
export async function answerDelivery(
  provider: Provider,
  headers: Headers,
  body: Buffer | null,
  deps: AnswerDeps,
): Promise<IngestResult> {
  const rejections = deps.rejections
    ? { limiter: deps.rejections, client: clientFromHeaders(headers, deps.trustedProxyHops ?? 0) }
    : undefined;
  try {
    if (!body) return (await limitRejection({ rejections })) ?? (await tooLarge(provider, headers, deps.pool));
    const result = await ingestWebhook(provider, headers, body, {
      pool: deps.pool,
      config: deps.config,
      log,
      rejections,
    });
    // Stored deliveries are logged once per commit, by the group committer; 429s once per client and minute.
    if (result.status >= 400 && result.status !== 429)
      log.warn(
        { provider, status: result.status, reason: result.body.error, client: rejections?.client },
        'webhook rejected',
      );
    return result;
  } catch (error) {
    // The provider must redeliver what could not be stored.
    log.error({ provider, err: error instanceof Error ? error.message : String(error) }, 'webhook not stored');
    return { status: 503, body: { error: 'temporarily unable to store the delivery' } };
  }
}

/**
 * An oversized request is refused unread — and still recorded, like every other rejection, so support sees
 * it and the signature-failure alert counts it: a body we refuse to read cannot be verified, so it is
 * stored as unsigned (`missing`) or unverifiable (`invalid`), without its body.
 */
async function tooLarge(provider: Provider, headers: Headers, pool: Pool): Promise<IngestResult> {
  const signed = headers.get(provider === 'goroute' ? 'x-goroute-signature' : 'x-signature');
  try {
    const client = await pool.connect();
    try {
      await insertRejectedDelivery(client, {
        provider,
        deliveryId: (headers.get('x-delivery') ?? headers.get('x-goroute-event-id'))?.slice(0, 200) ?? null,
        // What the unread body was about is unknown: X-Event is unsigned, so it is not taken as the event type.
        eventType: null,
        receivedAt: new Date(),
        headers: storableHeaders(headers),
        body: null,
        signatureResult: signed ? 'invalid' : 'missing',
        timestampSkewSeconds: null,
        processingResult: 'rejected',
        processingError: OVERSIZED_REASON,
        bodySha256: null,
        bodyBytes: null,
      });
    } finally {
      client.release();
    }
  } catch (error) {
    // The 413 stands even when the record cannot be written: the body is refused either way.
    log.error(
      { provider, err: error instanceof Error ? error.message : String(error) },
      'oversized webhook not recorded',
    );
  }
  log.warn({ provider, status: 413, reason: 'body larger than 1 MiB' }, 'webhook rejected');
  return { status: 413, body: { error: 'body larger than 1 MiB' } };
}
