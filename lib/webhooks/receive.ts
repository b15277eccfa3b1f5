import 'server-only';
import { getPool } from '@/db/client';
import type { Provider } from '@/db/schema/enums';
import { getBoss } from '@/lib/jobs/client';
import { currentCorrelationId, withCorrelation } from '@/lib/correlation';
import { log } from '@/lib/log';
import { webhookConfig } from './config';
import { insertRejectedDelivery } from '@/db/queries/webhook-ingest';
import { ingestWebhook, MAX_BODY_BYTES } from './ingest';
import { storableHeaders } from './inspect';

/** Reads at most `limit` bytes; null as soon as the body is larger, without buffering the rest. */
async function readLimited(req: Request, limit: number): Promise<Buffer | null> {
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The route handler behind both webhook receivers. Authentication is the signature itself (checked in
 * ingestWebhook); there is no user session on a provider's request.
 */
export async function receiveWebhook(provider: Provider, req: Request): Promise<Response> {
  return withCorrelation(undefined, async () => {
    const res = await receive(provider, req);
    res.headers.set('x-correlation-id', currentCorrelationId()!);
    // no-transform: Next gzips every streamed response whatever its size; a gzip stream per delivery cost the
    // receiver (and the sender, inflating it) more CPU than the acknowledgement itself.
    res.headers.set('cache-control', 'no-store, no-transform');
    return res;
  });
}

/**
 * An oversized request is refused unread — and still recorded, like every other rejection, so support sees
 * it and the signature-failure alert counts it: a body we refuse to read cannot be verified, so it is
 * stored as unsigned (`missing`) or unverifiable (`invalid`), without its body.
 */
async function tooLarge(provider: Provider, headers: Headers): Promise<Response> {
  const signed = headers.get(provider === 'goroute' ? 'x-goroute-signature' : 'x-signature');
  try {
    const client = await getPool().connect();
    try {
      await insertRejectedDelivery(client, {
        provider, deliveryId: (headers.get('x-delivery') ?? headers.get('x-goroute-event-id'))?.slice(0, 200) ?? null,
        eventType: headers.get('x-event')?.slice(0, 100) ?? null, receivedAt: new Date(), headers: storableHeaders(headers), body: null,
        signatureResult: signed ? 'invalid' : 'missing', timestampSkewSeconds: null, processingResult: 'rejected',
        processingError: 'body larger than 1 MiB: not read, not verified',
      });
    } finally {
      client.release();
    }
  } catch (error) {
    // The 413 stands even when the record cannot be written: the body is refused either way.
    log.error({ provider, err: error instanceof Error ? error.message : String(error) }, 'oversized webhook not recorded');
  }
  log.warn({ provider, status: 413, reason: 'body larger than 1 MiB' }, 'webhook rejected');
  return Response.json({ error: 'body larger than 1 MiB' }, { status: 413 });
}

async function receive(provider: Provider, req: Request): Promise<Response> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  const raw = declared > MAX_BODY_BYTES ? null : await readLimited(req, MAX_BODY_BYTES);
  if (!raw) return tooLarge(provider, req.headers);
  try {
    const result = await ingestWebhook(provider, req.headers, raw, { pool: getPool(), boss: await getBoss(), config: webhookConfig() });
    if (result.status >= 400) log.warn({ provider, status: result.status, reason: result.body.error }, 'webhook rejected');
    else log.info({ provider, status: result.status, deliveryId: req.headers.get('x-delivery') ?? req.headers.get('x-goroute-event-id') }, 'webhook stored');
    return Response.json(result.body, { status: result.status });
  } catch (error) {
    // Never a 2xx when the delivery could not be stored: the provider must redeliver it.
    log.error({ provider, err: error instanceof Error ? error.message : String(error) }, 'webhook not stored');
    return Response.json({ error: 'temporarily unable to store the delivery' }, { status: 503 });
  }
}
