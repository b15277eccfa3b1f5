import 'server-only';
import { getPool } from '@/db/client';
import type { Provider } from '@/db/schema/enums';
import { getBoss } from '@/lib/jobs/client';
import { currentCorrelationId, withCorrelation } from '@/lib/correlation';
import { log } from '@/lib/log';
import { webhookConfig } from './config';
import { ingestWebhook, MAX_BODY_BYTES } from './ingest';

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

async function receive(provider: Provider, req: Request): Promise<Response> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return Response.json({ error: 'body larger than 1 MiB' }, { status: 413 });
  const raw = await readLimited(req, MAX_BODY_BYTES);
  if (!raw) return Response.json({ error: 'body larger than 1 MiB' }, { status: 413 });
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
