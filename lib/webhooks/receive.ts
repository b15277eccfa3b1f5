import 'server-only';
import { getPool } from '@/db/client';
import type { Provider } from '@/db/schema/enums';
import { currentCorrelationId, withCorrelation } from '@/lib/correlation';
import { getEnv } from '@/lib/env';
import { ACK_HEADERS, answerDelivery, rejectionLimiter } from './answer';
import { webhookConfig } from './config';
import { MAX_BODY_BYTES } from './ingest';

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
 * The route handler behind both webhook receivers when Next.js serves them (`npm run dev`, or `next start` run
 * by hand); in production the server around Next answers them first (lib/webhooks/node-receiver.ts), with the
 * same answerDelivery(). Authentication is the signature itself; there is no user session on a provider's request.
 */
export async function receiveWebhook(provider: Provider, req: Request): Promise<Response> {
  return withCorrelation(undefined, async () => {
    const declared = Number(req.headers.get('content-length') ?? '0');
    const raw = declared > MAX_BODY_BYTES ? null : await readLimited(req, MAX_BODY_BYTES);
    const env = getEnv();
    const answer = await answerDelivery(provider, req.headers, raw, {
      pool: getPool(),
      config: webhookConfig(),
      rejections: rejectionLimiter(env.WEBHOOK_REJECTIONS_PER_MINUTE),
      trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    });
    const res = Response.json(answer.body, { status: answer.status, headers: answer.headers });
    res.headers.set('x-correlation-id', currentCorrelationId()!);
    for (const [k, v] of Object.entries(ACK_HEADERS)) res.headers.set(k, v);
    return res;
  });
}
