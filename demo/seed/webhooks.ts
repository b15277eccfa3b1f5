// Webhook deliveries exactly as the two providers send them (docs/providers.md): envelope, headers, signature; then
// stored as the receiver stores them, which leaves the signature header out (its verdict is signature_result).
// Signatures are real HMAC-SHA256 values over the body, made with fixed demo secrets (the app's own secrets come
// from the environment).
import { createHmac } from 'node:crypto';
import type { ProcessingResult, SignatureResult } from '@/db/schema';
import { storedHeaders } from '@/db/schema/webhook-headers';
import { EXDATA_EXTRACTOR_VERSION, GOROUTE_ORGANIZATION_ID } from '@/demo/world/accounts';
import type { Rng } from '@/demo/world/prng';
import { DAY, HOUR, type SeedContext, type WebhookRow } from './story';

const DEMO_SECRETS = {
  exdata: { current: 'demo-exdata-webhook-secret-2', previous: 'demo-exdata-webhook-secret-1' },
  goroute: { current: 'demo-goroute-webhook-secret-2', previous: 'demo-goroute-webhook-secret-1' },
};

type Partial = Omit<WebhookRow, 'receivedAt' | 'documentId' | 'transactionId'>;

/** After each webhook secret rotation, the provider kept signing with the old secret until its side was updated. */
function rotationWindows(now: number) {
  return {
    exdata: [now - 9 * DAY, now - 9 * DAY + 30 * HOUR] as const,
    goroute: [now - 16 * DAY, now - 16 * DAY + 26 * HOUR] as const,
  };
}

function hmac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export interface DeliveryOptions {
  t: number;
  /** Defaults to valid (or valid_previous_secret inside a rotation window). */
  signature?: SignatureResult;
  processing: ProcessingResult;
  processingError?: string | null;
  effectKey?: string | null;
  /** Seconds between the provider's timestamp and our clock; default small. */
  skew?: number;
  /** Default: a few percent of valid deliveries were delivered again (our ack was slow). */
  duplicates?: number;
  latencyMs?: number;
  /** Extra/override headers, or a header removed (value null). */
  headers?: Record<string, string | null>;
}

function common(ctx: SeedContext, rng: Rng, provider: 'exdata' | 'goroute', o: DeliveryOptions) {
  const [from, to] = rotationWindows(ctx.now)[provider];
  const signature: SignatureResult = o.signature ?? (o.t >= from && o.t <= to ? 'valid_previous_secret' : 'valid');
  const accepted = signature === 'valid' || signature === 'valid_previous_secret';
  let duplicateCount = o.duplicates ?? (accepted && rng.chance(0.07) ? rng.int(1, 2) : 0);
  let lastDuplicateAt: Date | null = null;
  if (duplicateCount > 0) {
    const at = o.t + rng.int(20, 900) * 1000;
    if (at < ctx.now) lastDuplicateAt = new Date(at);
    else duplicateCount = 0;
  }
  const done = o.processing !== 'queued' && o.processing !== 'rejected';
  const latency = o.latencyMs ?? rng.int(9, 340);
  return {
    signature,
    secret: signature === 'valid_previous_secret' ? DEMO_SECRETS[provider].previous : DEMO_SECRETS[provider].current,
    skew:
      o.skew ??
      rng.weighted([
        [0, 6],
        [1, 4],
        [2, 2],
        [3, 1],
      ]),
    duplicateCount,
    lastDuplicateAt,
    processedAt: done ? new Date(Math.min(o.t + latency, ctx.now)) : null,
    processingLatencyMs: done ? latency : null,
  };
}

function signed(rng: Rng, signature: SignatureResult, secret: string, body: string): string | null {
  if (signature === 'missing') return null;
  if (signature === 'invalid') return rng.hex(64);
  return hmac(secret, body);
}

/** The request's headers, as the receiver stores them (storableHeaders in lib/webhooks/inspect.ts). */
function applyHeaders(
  base: Record<string, string | null>,
  extra?: Record<string, string | null>,
): Record<string, string> {
  const sent: [string, string][] = [];
  for (const [k, v] of Object.entries({ ...base, ...extra })) if (v !== null) sent.push([k, v]);
  return storedHeaders(sent);
}

/** exdata: X-Event, X-Delivery (UUID), X-Timestamp, X-Signature (bare hex), User-Agent; body {data: {...}}. */
export function exdataDelivery(
  ctx: SeedContext,
  rng: Rng,
  event: string,
  data: Record<string, unknown>,
  o: DeliveryOptions,
): Partial {
  const c = common(ctx, rng, 'exdata', o);
  const deliveryId = ctx.uuid();
  const body = JSON.stringify({ data });
  const signature = signed(rng, c.signature, c.secret, body);
  const headers = applyHeaders(
    {
      'content-type': 'application/json',
      'user-agent': 'exdata-webhooks/1.0',
      'x-event': event,
      'x-delivery': deliveryId,
      'x-timestamp': String(Math.floor(o.t / 1000) - c.skew),
      'x-signature': signature,
    },
    o.headers,
  );
  return {
    id: ctx.uuid(),
    provider: 'exdata',
    deliveryId,
    eventType: event,
    headers,
    body,
    signatureResult: c.signature,
    timestampSkewSeconds: c.skew,
    duplicateCount: c.duplicateCount,
    lastDuplicateAt: c.lastDuplicateAt,
    processingResult: o.processing,
    processingError: o.processingError ?? null,
    processedAt: c.processedAt,
    processingLatencyMs: c.processingLatencyMs,
    effectKey: o.effectKey ?? null,
  };
}

/** GoRoute: envelope {event, event_id, timestamp, organization_id, data}; X-GoRoute-Event-ID, X-GoRoute-Signature: sha256=<hex>. */
export function gorouteDelivery(
  ctx: SeedContext,
  rng: Rng,
  event: string,
  data: Record<string, unknown>,
  o: DeliveryOptions,
): Partial {
  const c = common(ctx, rng, 'goroute', o);
  const eventId = ctx.gorouteEventId();
  const body = JSON.stringify({
    event,
    event_id: eventId,
    timestamp: new Date(o.t - c.skew * 1000).toISOString(),
    organization_id: GOROUTE_ORGANIZATION_ID,
    data,
  });
  const signature = signed(rng, c.signature, c.secret, body);
  const headers = applyHeaders(
    {
      'content-type': 'application/json',
      'user-agent': 'GoRoute-Webhooks/2.1',
      'x-goroute-event-id': eventId,
      'x-goroute-signature': signature === null ? null : `sha256=${signature}`,
    },
    o.headers,
  );
  return {
    id: ctx.uuid(),
    provider: 'goroute',
    deliveryId: eventId,
    eventType: event,
    headers,
    body,
    signatureResult: c.signature,
    timestampSkewSeconds: c.skew,
    duplicateCount: c.duplicateCount,
    lastDuplicateAt: c.lastDuplicateAt,
    processingResult: o.processing,
    processingError: o.processingError ?? null,
    processedAt: c.processedAt,
    processingLatencyMs: c.processingLatencyMs,
    effectKey: o.effectKey ?? null,
  };
}

/** The exdata document resource as its webhooks and GET /api/v1/documents/{id} return it. */
export interface ExdataDocInfo {
  id: string;
  filename: string;
  fileFormat: string;
  fileSize: number;
  locale: string;
  requester: string;
  createdAt: number;
}

export function exdataDocumentData(
  info: ExdataDocInfo,
  status: 'completed' | 'error' | 'blocked',
  updatedAt: number,
  runId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: info.id,
    mode: 'test',
    status,
    processing_stage: null,
    filename: info.filename,
    file_format: info.fileFormat,
    file_size: info.fileSize,
    custom_types: [],
    requester: info.requester,
    locale: info.locale,
    latest_extraction_run: {
      id: runId,
      mode: 'test',
      source: 'upload',
      status: status === 'completed' ? 'completed' : status === 'error' ? 'failed' : 'blocked',
      extractor_version: EXDATA_EXTRACTOR_VERSION,
      normalization_version: '4.2.0',
      created_at: new Date(info.createdAt).toISOString(),
    },
    created_at: new Date(info.createdAt).toISOString(),
    updated_at: new Date(updatedAt).toISOString(),
    ...extra,
  };
}
