// How each provider signs and labels a webhook request (docs/providers.md). Kept apart from delivery so the
// tests can verify against exactly the same rules a receiver must implement.
import { createHmac } from 'node:crypto';
import type { Provider } from './http';

const hmacHex = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

/**
 * Request headers for one delivery attempt.
 * GoRoute: X-GoRoute-Event-ID (= event_id in the body) and X-GoRoute-Signature "sha256=<hex>".
 * exdata: X-Event, X-Delivery, X-Timestamp (send time, Unix seconds) and X-Signature (bare hex).
 */
export function webhookHeaders(
  provider: Provider,
  d: { id: string; event: string; body: string },
  secret: string,
  nowMs: number,
): Record<string, string> {
  const signature = hmacHex(secret, d.body);
  if (provider === 'goroute') {
    return {
      'content-type': 'application/json',
      'user-agent': 'GoRoute-Webhooks/2.1',
      'x-goroute-event-id': d.id,
      'x-goroute-signature': `sha256=${signature}`,
    };
  }
  return {
    'content-type': 'application/json',
    'user-agent': 'exdata-webhooks/1.0',
    'x-event': d.event,
    'x-delivery': d.id,
    'x-timestamp': String(Math.floor(nowMs / 1000)),
    'x-signature': signature,
  };
}
