import type { Provider, SignatureResult } from '@/db/schema/enums';
import { storedHeaders } from '@/db/schema/webhook-headers';
import { exdataEventMismatch, signedExdataEvent } from './exdata-event';
import { checkSignature, exdataFormat, gorouteFormat, parseUnixSeconds, skewSeconds, type Secrets } from './signatures';

export type WebhookConfig = { secrets: Record<Provider, Secrets>; toleranceSeconds: number };

export type Verdict = {
  deliveryId: string | null;
  eventType: string | null;
  signatureResult: SignatureResult;
  skewSeconds: number | null;
  /** Why the request is refused, or null when it is accepted. */
  rejection: { status: 400 | 401 | 415; reason: string } | null;
};

/** The request's headers as stored: no credentials, no signatures (see storedHeaders). */
export function storableHeaders(headers: Headers): Record<string, string> {
  return storedHeaders(headers);
}

function parseJson(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Both providers post JSON. A body declared as anything else (a form, text/plain, XML) is refused with 415:
 * it is not what either provider sends, and browsers may post those types cross-site without a preflight.
 * A missing Content-Type is tolerated — the signature, not the label, authenticates the bytes.
 */
export function declaresNonJson(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type);
}

const text = (v: unknown, max = 200) => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);

const verified = (r: SignatureResult) => r === 'valid' || r === 'valid_previous_secret';

/** Decides, from the raw request alone, whether a delivery is genuine and what it is. */
export function inspectDelivery(
  provider: Provider,
  headers: Headers,
  rawBody: Buffer,
  now: Date,
  config: WebhookConfig,
): Verdict {
  // Signatures are checked over the exact bytes received; JSON is read from their UTF-8 text.
  const json = parseJson(rawBody.toString('utf8'));
  if (provider === 'exdata') return inspectExdata(headers, rawBody, json, now, config);
  const signatureResult = checkSignature(
    rawBody,
    headers.get('x-goroute-signature'),
    config.secrets.goroute,
    gorouteFormat,
  );
  // The signed body's event_id wins over the unsigned header, so a replayed body cannot dodge de-duplication.
  const deliveryId = text(json?.event_id) ?? text(headers.get('x-goroute-event-id'));
  const sentAt = typeof json?.timestamp === 'string' ? new Date(json.timestamp) : null;
  return finish(
    { deliveryId, eventType: text(json?.event, 100), signatureResult, skewSeconds: skewSeconds(sentAt, now) },
    json,
    headers,
  );
}

/**
 * exdata signs the body only: X-Event, X-Delivery and X-Timestamp are not signed. So the event — what the
 * delivery does, and its effect key — is the signed body's, and a validly signed body under an X-Event naming
 * another event (a captured delivery relabelled) is refused as `mismatch` rather than believed either way.
 */
function inspectExdata(
  headers: Headers,
  rawBody: Buffer,
  json: Record<string, unknown> | null,
  now: Date,
  config: WebhookConfig,
): Verdict {
  let signatureResult = checkSignature(rawBody, headers.get('x-signature'), config.secrets.exdata, exdataFormat);
  const skew = skewSeconds(parseUnixSeconds(headers.get('x-timestamp')), now);
  if (verified(signatureResult) && (skew === null || Math.abs(skew) > config.toleranceSeconds))
    signatureResult = 'stale';
  const signed = signedExdataEvent(json);
  // Only a body that is authentic can contradict its label; anything else is refused for its signature first.
  const contradiction = json && verified(signatureResult) ? exdataEventMismatch(headers.get('x-event'), signed) : null;
  if (contradiction) signatureResult = 'mismatch';
  return finish(
    {
      deliveryId: text(headers.get('x-delivery')),
      eventType: text(signed.event, 100),
      signatureResult,
      skewSeconds: skew,
    },
    json,
    headers,
    contradiction,
  );
}

function finish(
  v: Omit<Verdict, 'rejection'>,
  json: Record<string, unknown> | null,
  headers: Headers,
  contradiction: string | null = null,
): Verdict {
  const reasons: Partial<Record<SignatureResult, string>> = {
    missing: 'signature header missing',
    invalid: 'signature does not match',
    stale: 'timestamp outside the allowed window',
  };
  const reason = reasons[v.signatureResult];
  if (reason) return { ...v, rejection: { status: 401, reason } };
  // 400, not 401: the signature holds, the request around it does not. A rejected row claims no delivery ID,
  // so the genuine delivery is still accepted when it comes.
  if (contradiction) return { ...v, rejection: { status: 400, reason: contradiction } };
  if (declaresNonJson(headers.get('content-type')))
    return { ...v, rejection: { status: 415, reason: 'content type is not application/json' } };
  if (!json) return { ...v, rejection: { status: 400, reason: 'body is not a JSON object' } };
  return { ...v, rejection: null };
}
