// The hostile requests of reliability/hostile-webhooks.scenario.ts, per provider, each with the answer
// docs/providers.md and lib/webhooks/ expect and whether the receiver can record it.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export type Provider = 'goroute' | 'exdata';

export type HostileCase = {
  provider: Provider;
  name: string;
  /** The delivery ID / event ID this request carries: how its stored row is found. */
  marker: string;
  expect: number;
  /** `rejected`: stored as a rejected delivery; `ignored`: stored, acknowledged, processed to no effect; `none`: never reaches the app. */
  recorded: 'rejected' | 'ignored' | 'none';
  headers: Record<string, string>;
  body: string | (() => ReadableStream<Uint8Array>);
};

export type Target = { gorouteTransactionId: string; exdataDocumentId: string };

const hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
const MiB = 1024 * 1024;

/** A body just over the 1 MiB limit, streamed in chunks without a Content-Length (the receiver must count). */
const chunked = (text: string) => () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
      controller.close();
    },
  });

/**
 * A genuine-looking delivery that, if it were processed, would leave a trace on the target: a
 * `transaction.failed` / `document.failed` for an existing item adds a timeline event at least.
 */
function genuine(
  provider: Provider,
  secret: string,
  target: Target,
  now: number,
  overrides: { event?: string; ts?: number } = {},
) {
  const marker = provider === 'goroute' ? `evt_hostile_${randomUUID()}` : randomUUID();
  if (provider === 'goroute') {
    const body = JSON.stringify({
      event: overrides.event ?? 'transaction.failed',
      event_id: marker,
      timestamp: new Date(overrides.ts ?? now).toISOString(),
      organization_id: 'org_hostile',
      data: {
        transaction_id: target.gorouteTransactionId,
        error: { code: 'HOSTILE', message: 'hostile webhook: must never be processed' },
      },
    });
    return {
      marker,
      body,
      sign: (b: string, s = secret) => ({ 'x-goroute-signature': `sha256=${hmac(s, b)}` }),
      headers: { 'content-type': 'application/json', 'x-goroute-event-id': marker } as Record<string, string>,
    };
  }
  const event = overrides.event ?? 'document.failed';
  const body = JSON.stringify({
    event,
    data: {
      id: target.exdataDocumentId,
      status: 'error',
      error: { code: 'hostile', message: 'hostile webhook: must never be processed' },
    },
  });
  return {
    marker,
    body,
    sign: (b: string, s = secret) => ({ 'x-signature': hmac(s, b) }),
    headers: {
      'content-type': 'application/json',
      'user-agent': 'exdata-webhooks/1.0',
      'x-event': event,
      'x-delivery': marker,
      'x-timestamp': String(Math.floor((overrides.ts ?? now) / 1000)),
    } as Record<string, string>,
  };
}

export function hostileCases(provider: Provider, secret: string, target: Target, now = Date.now()): HostileCase[] {
  const cases: HostileCase[] = [];
  const add = (
    name: string,
    expect: number,
    recorded: HostileCase['recorded'],
    make: (g: ReturnType<typeof genuine>) => Pick<HostileCase, 'headers' | 'body'>,
    overrides = {},
  ) => {
    const g = genuine(provider, secret, target, now, overrides);
    cases.push({ provider, name, marker: g.marker, expect, recorded, ...make(g) });
  };
  add('unsigned', 401, 'rejected', (g) => ({ headers: g.headers, body: g.body }));
  add('forged signature (random hex)', 401, 'rejected', (g) => ({
    headers: { ...g.headers, ...g.sign(g.body, randomBytes(24).toString('hex')) },
    body: g.body,
  }));
  add('wrong secret', 401, 'rejected', (g) => ({
    headers: { ...g.headers, ...g.sign(g.body, 'whsec_attacker_guess') },
    body: g.body,
  }));
  add('tampered body (signed, then edited)', 401, 'rejected', (g) => ({
    headers: { ...g.headers, ...g.sign(g.body) },
    body: g.body.replace('hostile webhook', 'edited webhook'),
  }));
  add('signature without its format (sha1=…, truncated)', 401, 'rejected', (g) => ({
    headers: {
      ...g.headers,
      ...(provider === 'goroute'
        ? { 'x-goroute-signature': `sha1=${hmac(secret, g.body)}` }
        : { 'x-signature': hmac(secret, g.body).slice(0, 32) }),
    },
    body: g.body,
  }));
  if (provider === 'exdata') {
    // Validly signed, but replayed (or pre-dated) outside the 5-minute X-Timestamp window.
    add(
      'stale timestamp (6 min old, signed)',
      401,
      'rejected',
      (g) => ({ headers: { ...g.headers, ...g.sign(g.body) }, body: g.body }),
      { ts: now - 6 * 60_000 },
    );
    add(
      'future timestamp (6 min ahead, signed)',
      401,
      'rejected',
      (g) => ({ headers: { ...g.headers, ...g.sign(g.body) }, body: g.body }),
      { ts: now + 6 * 60_000 },
    );
    add('timestamp missing (signed)', 401, 'rejected', (g) => {
      const { 'x-timestamp': _ts, ...rest } = g.headers;
      return { headers: { ...rest, ...g.sign(g.body) }, body: g.body };
    });
  } else {
    // GoRoute signs no timestamp header; a stale or future body timestamp under a wrong signature is just a forgery.
    add(
      'stale body timestamp, wrong secret',
      401,
      'rejected',
      (g) => ({ headers: { ...g.headers, ...g.sign(g.body, 'whsec_attacker_guess') }, body: g.body }),
      { ts: now - 6 * 60_000 },
    );
    add(
      'future body timestamp, wrong secret',
      401,
      'rejected',
      (g) => ({ headers: { ...g.headers, ...g.sign(g.body, 'whsec_attacker_guess') }, body: g.body }),
      { ts: now + 6 * 60_000 },
    );
  }
  const big = (g: ReturnType<typeof genuine>) => `${g.body.slice(0, -1)},"padding":"${'x'.repeat(MiB)}"}`;
  add('oversized body, declared (1 MiB + 30 B, signed)', 413, 'rejected', (g) => ({
    headers: { ...g.headers, ...g.sign(big(g)) },
    body: big(g),
  }));
  add('oversized body, chunked without length (signed)', 413, 'rejected', (g) => ({
    headers: { ...g.headers, ...g.sign(big(g)) },
    body: chunked(big(g)),
  }));
  add('malformed JSON (signed)', 400, 'rejected', (g) => ({
    headers: { ...g.headers, ...g.sign('{"event": "x", ') },
    body: '{"event": "x", ',
  }));
  add('JSON that is not an object (signed)', 400, 'rejected', (g) => ({
    headers: { ...g.headers, ...g.sign('[1,2,3]') },
    body: '[1,2,3]',
  }));
  add(
    'unknown event type (signed)',
    200,
    'ignored',
    (g) => ({ headers: { ...g.headers, ...g.sign(g.body) }, body: g.body }),
    { event: 'transaction.exploded' },
  );
  add('wrong content type text/plain (signed)', 415, 'rejected', (g) => ({
    headers: { ...g.headers, 'content-type': 'text/plain', ...g.sign(g.body) },
    body: g.body,
  }));
  add('wrong content type form (signed)', 415, 'rejected', (g) => ({
    headers: { ...g.headers, 'content-type': 'application/x-www-form-urlencoded', ...g.sign(g.body) },
    body: g.body,
  }));
  add('large header (8 KiB value, unsigned)', 401, 'rejected', (g) => ({
    headers: { ...g.headers, 'x-padding': 'h'.repeat(8 * 1024) },
    body: g.body,
  }));
  add('huge headers (40 KiB, signed)', 431, 'none', (g) => ({
    headers: {
      ...g.headers,
      ...g.sign(g.body),
      'x-padding-1': 'h'.repeat(20 * 1024),
      'x-padding-2': 'h'.repeat(20 * 1024),
    },
    body: g.body,
  }));
  return cases;
}

/** A genuine delivery about nothing we know (an unknown transaction / document), for the replay check. */
export function harmlessGenuine(provider: Provider, secret: string, sentAt: number) {
  const g = genuine(
    provider,
    secret,
    { gorouteTransactionId: `tx_hostile_${randomUUID()}`, exdataDocumentId: `doc_hostile_${randomUUID()}` },
    sentAt,
    { ts: sentAt },
  );
  return { marker: g.marker, body: g.body, headers: { ...g.headers, ...g.sign(g.body) } };
}

/**
 * A genuine exdata delivery about a document, and the copy anyone who saw it can make: the same signed body and
 * signature under a new X-Delivery, a fresh X-Timestamp and an X-Event naming another event — exdata signs the
 * body only, so all three headers are the copier's to choose. Headers are made when asked for, so each is fresh.
 */
export function relabelledExdata(secret: string, exdataDocumentId: string, relabelAs: string) {
  const body = JSON.stringify({ event: 'document.completed', data: { id: exdataDocumentId, status: 'completed' } });
  const signature = hmac(secret, body);
  const attempt = (event: string) => {
    const marker = randomUUID();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'exdata-webhooks/1.0',
      'x-event': event,
      'x-delivery': marker,
      'x-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-signature': signature,
    };
    return { marker, headers };
  };
  return { body, original: () => attempt('document.completed'), relabelled: () => attempt(relabelAs) };
}
