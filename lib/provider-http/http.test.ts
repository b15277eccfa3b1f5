import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from './errors';
import { startFakeServer, type FakeServer, type Reply } from './fake-server';
import { createHttp, type ApiCallRecord, type Http, type HttpOptions } from './http';

const SECRET = 'gr_live_0123456789abcdef';
let server: FakeServer | undefined;
let http: Http | undefined;

afterEach(async () => {
  await http?.close();
  await server?.close();
  http = server = undefined;
});

async function setup(reply: (url: string) => Reply, extra: Partial<HttpOptions> = {}) {
  const records: ApiCallRecord[] = [];
  server = await startFakeServer((req) => reply(req.url));
  http = createHttp({
    provider: 'goroute',
    baseUrl: `${server.url}/peppol-api`,
    headers: () => ({ 'X-API-Key': SECRET }),
    secrets: () => [SECRET],
    record: (call) => void records.push(call),
    ...extra,
  });
  return { records, server, http };
}

const ok = z.object({ ok: z.boolean() });
const get = (h: Http, extra: Partial<Parameters<Http['request']>[0]> = {}) =>
  h.request({ operation: 'test.get', method: 'GET', path: '/thing', parse: ok, expect: [200], ...extra });

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('createHttp', () => {
  it('sends auth, a generated X-Request-ID and the Idempotency-Key under the base path', async () => {
    const { server, http } = await setup(() => ({ status: 200, body: { ok: true } }));
    const res = await get(http, { idempotencyKey: 'idem-1', query: { status: 'failed', limit: 5 } });
    expect(res.data).toEqual({ ok: true });
    const seen = server.seen[0]!;
    expect(seen.url).toBe('/peppol-api/thing?status=failed&limit=5');
    expect(seen.headers['x-api-key']).toBe(SECRET);
    expect(seen.headers['idempotency-key']).toBe('idem-1');
    expect(seen.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    // Without an X-Request-ID answer, the one we sent is what correlates the call.
    expect(res.requestId).toBe(seen.headers['x-request-id']);
  });

  it('records exactly one call per attempt, with the provider request id and never the key', async () => {
    const { records, http } = await setup((url) =>
      url.endsWith('/thing')
        ? { status: 200, body: { ok: true }, headers: { 'x-request-id': 'gr_abc' } }
        : { status: 503, body: { error: { code: 'DOWN', message: `key ${SECRET} unavailable` } } },
    );
    await get(http, { ctx: { documentId: 'doc-1' }, idempotencyKey: 'k1' });
    const error = await failure(get(http, { path: '/other', ctx: { transactionId: 'tx-1' } }));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      provider: 'goroute',
      operation: 'test.get',
      method: 'GET',
      path: '/thing',
      httpStatus: 200,
      requestId: 'gr_abc',
      idempotencyKey: 'k1',
      errorCode: null,
      documentId: 'doc-1',
    });
    expect(records[1]).toMatchObject({
      path: '/other',
      httpStatus: 503,
      errorCode: 'DOWN',
      transactionId: 'tx-1',
      idempotencyKey: null,
    });
    expect(records.every((r) => typeof r.durationMs === 'number' && r.durationMs >= 0)).toBe(true);
    expect(JSON.stringify(records)).not.toContain(SECRET);
    expect(error.message).not.toContain(SECRET);
    expect(error.retryable).toBe(true);
  });

  it('redacts credential-like query values in the recorded path', async () => {
    const { records, http } = await setup(() => ({ status: 200, body: { ok: true } }));
    await get(http, { query: { api_key: 'abc', identifier: '0088:1' } });
    expect(records[0]!.path).toBe('/thing?api_key=%5Bredacted%5D&identifier=0088%3A1');
  });

  it('keeps going when the audit sink throws', async () => {
    const { http } = await setup(() => ({ status: 200, body: { ok: true } }), {
      record: () => {
        throw new Error('database down');
      },
    });
    await expect(get(http)).resolves.toMatchObject({ data: { ok: true } });
  });

  it('keeps going when the audit sink rejects', async () => {
    const { http } = await setup(() => ({ status: 200, body: { ok: true } }), {
      record: () => Promise.reject(new Error('nope')),
    });
    await expect(get(http)).resolves.toMatchObject({ status: 200 });
  });

  it('turns a body that breaks the schema into a permanent BAD_RESPONSE', async () => {
    const { records, http } = await setup(() => ({ status: 200, body: { ok: 'yes' } }));
    const error = await failure(get(http));
    expect(error).toMatchObject({ kind: 'permanent', code: 'BAD_RESPONSE', httpStatus: 200, retryable: false });
    expect(records[0]).toMatchObject({ httpStatus: 200, errorCode: 'BAD_RESPONSE' });
  });

  it('turns non-JSON into BAD_RESPONSE, not a crash', async () => {
    const { http } = await setup(() => ({ status: 200, body: '<html>', headers: { 'content-type': 'text/html' } }));
    expect(await failure(get(http))).toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('refuses an oversized Idempotency-Key or X-Request-ID without sending', async () => {
    const { server, records, http } = await setup(() => ({ status: 200, body: { ok: true } }));
    expect(await failure(get(http, { idempotencyKey: 'k'.repeat(256) }))).toMatchObject({
      kind: 'validation',
      httpStatus: null,
      details: [{ field: 'idempotencyKey' }],
    });
    expect(await failure(get(http, { requestId: 'r'.repeat(129) }))).toMatchObject({
      kind: 'validation',
      details: [{ field: 'requestId' }],
    });
    expect(await failure(get(http, { idempotencyKey: 'a\r\nb' }))).toMatchObject({ kind: 'validation' });
    await get(http, { idempotencyKey: 'k'.repeat(255), requestId: 'r'.repeat(128) });
    expect(server.seen).toHaveLength(1);
    expect(records).toHaveLength(1);
  });

  it('times out as a retryable ProviderError with httpStatus null', async () => {
    const { records, http } = await setup(() => ({ status: 200, hang: true }), { timeoutMs: 300 });
    const error = await failure(get(http));
    expect(error).toMatchObject({ kind: 'retryable', retryable: true, httpStatus: null, code: 'ETIMEDOUT' });
    expect(error.category).toBe('network');
    expect(records).toEqual([expect.objectContaining({ httpStatus: null, errorCode: 'ETIMEDOUT' })]);
  });

  it('maps a refused connection to a retryable network error', async () => {
    const closed = await startFakeServer(() => ({ status: 200 }));
    const url = closed.url;
    await closed.close();
    const records: ApiCallRecord[] = [];
    http = createHttp({ provider: 'exdata', baseUrl: url, headers: () => ({}), record: (c) => void records.push(c) });
    const error = await failure(get(http));
    expect(error).toMatchObject({ kind: 'retryable', httpStatus: null, code: 'ECONNREFUSED' });
    expect(records).toHaveLength(1);
  });

  it('treats a header value undici refuses as permanent, not as a network blip', async () => {
    const { http } = await setup(() => ({ status: 200, body: { ok: true } }), {
      headers: () => ({ 'x-api-key': 'bad\nkey-value' }),
    });
    const error = await failure(get(http));
    expect(error).toMatchObject({ kind: 'permanent', retryable: false, httpStatus: null });
    expect(error.message).not.toContain('key-value');
  });

  it('closes once, however often close() is called', async () => {
    const { http } = await setup(() => ({ status: 200, body: { ok: true } }));
    await get(http);
    await Promise.all([http.close(), http.close()]);
    await http.close();
  });

  it('reads Retry-After on 429', async () => {
    const { http } = await setup(() => ({
      status: 429,
      headers: { 'retry-after': '2' },
      body: { error: { code: 'RATE_LIMITED', message: 'slow down' } },
    }));
    expect(await failure(get(http))).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 2000 });
  });

  it('throttles to ratePerSecond', async () => {
    const { http } = await setup(() => ({ status: 200, body: { ok: true } }), { ratePerSecond: 20 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => get(http)));
    // Four waits of 50 ms after the first; allow for timer slack.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('reuses connections (keep-alive)', async () => {
    const { server, http } = await setup(() => ({ status: 200, body: { ok: true } }), { maxConnections: 1 });
    for (let i = 0; i < 3; i++) await get(http);
    expect(new Set(server.seen.map((s) => s.remotePort)).size).toBe(1);
  });
});
