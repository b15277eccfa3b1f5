// Webhook deliveries as the providers send them (docs/providers.md), signed with the app's own signing code
// (lib/webhooks/signatures.ts — the same HMAC the sandbox signs with), and a small concurrent poster that
// records each delivery's HTTP answer.
import { randomUUID } from 'node:crypto';
import { signExdata, signGoRoute } from '@/lib/webhooks/signatures';
import { HttpError, request } from './http';

export type Delivery = { provider: 'goroute' | 'exdata'; id: string; event: string; body: string };
export type Secrets = { goroute: string; exdata: string };

export function gorouteDelivery(event: string, data: Record<string, unknown>, id = `evt_${randomUUID()}`): Delivery {
  const body = JSON.stringify({
    event,
    event_id: id,
    timestamp: new Date().toISOString(),
    organization_id: 'org_reliability',
    data,
  });
  return { provider: 'goroute', id, event, body };
}

export function exdataDelivery(event: string, data: Record<string, unknown>, id = randomUUID()): Delivery {
  return { provider: 'exdata', id, event, body: JSON.stringify({ event, data }) };
}

/** Headers of one attempt. exdata's X-Timestamp is the send time, so a redelivery carries a fresh one. */
function headersFor(d: Delivery, secrets: Secrets): Record<string, string> {
  if (d.provider === 'goroute') {
    return {
      'content-type': 'application/json',
      'x-goroute-event-id': d.id,
      'x-goroute-signature': signGoRoute(d.body, secrets.goroute),
    };
  }
  return {
    'content-type': 'application/json',
    'user-agent': 'exdata-webhooks/1.0',
    'x-event': d.event,
    'x-delivery': d.id,
    'x-timestamp': String(Math.floor(Date.now() / 1000)),
    'x-signature': signExdata(d.body, secrets.exdata),
  };
}

/** One attempt's outcome: the HTTP status (null when no answer came: refused, reset, timed out). */
export type Attempt = { status: number | null; duplicate?: boolean; error?: string; ms: number };

export async function postDelivery(
  baseUrl: string,
  d: Delivery,
  secrets: Secrets,
  timeoutMs = 30_000,
): Promise<Attempt> {
  const t0 = performance.now();
  try {
    const res = await request(`${baseUrl}/api/webhooks/${d.provider}`, {
      method: 'POST',
      headers: headersFor(d, secrets),
      body: d.body,
      timeoutMs,
    });
    let duplicate: boolean | undefined;
    try {
      duplicate = (JSON.parse(res.text) as { duplicate?: boolean }).duplicate;
    } catch {
      // not JSON (an error page): no duplicate flag
    }
    return { status: res.status, duplicate, ms: performance.now() - t0 };
  } catch (error) {
    return { status: null, error: error instanceof HttpError ? error.code : String(error), ms: performance.now() - t0 };
  }
}

/**
 * Posts every delivery with `concurrency` in flight, calling `onAnswer` after each; `target(i)` picks the
 * app for delivery i (several apps behind no balancer).
 */
export async function postAll(
  deliveries: Delivery[],
  o: {
    target: (i: number) => string;
    secrets: Secrets;
    concurrency: number;
    onAnswer?: (i: number, a: Attempt) => void;
    timeoutMs?: number;
  },
): Promise<Attempt[]> {
  const answers: Attempt[] = new Array(deliveries.length);
  let next = 0;
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= deliveries.length) return;
      answers[i] = await postDelivery(o.target(i), deliveries[i]!, o.secrets, o.timeoutMs);
      o.onAnswer?.(i, answers[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, deliveries.length) }, lane));
  return answers;
}

export const is2xx = (a: Attempt | undefined) => a?.status != null && a.status >= 200 && a.status < 300;
