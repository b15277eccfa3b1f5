import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from '@/db/schema/enums';
import { currentCorrelationId, withCorrelation } from '@/lib/correlation';
import securityHeaders from '@/lib/security-headers.json';
import { ACK_HEADERS, answerDelivery, type AnswerDeps } from './answer';
import { MAX_BODY_BYTES } from './ingest';

const PATHS: Record<string, Provider> = { '/api/webhooks/goroute': 'goroute', '/api/webhooks/exdata': 'exdata' };

/** The provider whose webhook this request is (a POST to its receiver path), else null: Next.js serves it. */
export function webhookProvider(req: IncomingMessage): Provider | null {
  if (req.method !== 'POST' || !req.url) return null;
  const q = req.url.indexOf('?');
  return PATHS[q < 0 ? req.url : req.url.slice(0, q)] ?? null;
}

/** The body, or null as soon as it is larger than `limit` (what was read is dropped, the rest is not read). */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * A webhook answered by the Node server itself, before Next.js: the same answerDelivery() as the route
 * handler (lib/webhooks/receive.ts), without the framework's request pipeline — which, measured on the
 * 2-core benchmark machine, cost ~4 ms of CPU per delivery against ~0.4 ms for the whole receive here.
 */
export function receiveNodeWebhook(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  deps: () => AnswerDeps,
): Promise<void> {
  return withCorrelation(undefined, async () => {
    let answer;
    let refusedUnread = false;
    try {
      const declared = Number(req.headers['content-length'] ?? '0');
      const body = declared > MAX_BODY_BYTES ? null : await readLimited(req, MAX_BODY_BYTES);
      refusedUnread = body === null;
      answer = await answerDelivery(provider, headersOf(req), body, deps());
    } catch {
      // The sender went away mid-body (or the headers could not be read): nothing was stored, nobody to answer.
      res.destroy();
      return;
    }
    const text = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...securityHeaders,
      ...ACK_HEADERS,
      ...answer.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-correlation-id': currentCorrelationId()!,
      // A body left unread cannot be skipped on a kept-alive connection: answer, then close it.
      ...(refusedUnread ? { connection: 'close' } : {}),
    });
    res.end(text);
  });
}
