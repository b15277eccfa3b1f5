import { describe, expect, it } from 'vitest';
import { errorFromNetwork, errorFromResponse } from './classify';
import type { Provider } from './errors';
import { makeRedactor } from './redact';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const noRedact = makeRedactor([]);

function classify(provider: Provider, status: number, body: unknown, headers: Record<string, string> = {}) {
  return errorFromResponse({ provider, operation: 'op', status, headers, body, nowMs: NOW, redact: noRedact });
}
const goroute = (status: number, code?: string) =>
  classify('goroute', status, code ? { error: { code, message: 'm', details: [], request_id: 'gr_1' } } : {});
const exdata = (status: number, code?: string) =>
  classify('exdata', status, code ? { message: 'm', code, request_id: 'ex_1' } : {});

describe('classification table (docs/providers.md)', () => {
  it.each([
    // GoRoute: retryable
    ['goroute', 429, undefined, 'rate_limited', true, 'rate_limit'],
    ['goroute', 500, undefined, 'retryable', true, 'server'],
    ['goroute', 502, undefined, 'retryable', true, 'server'],
    ['goroute', 503, undefined, 'retryable', true, 'server'],
    ['goroute', 504, undefined, 'retryable', true, 'server'],
    // GoRoute: permanent
    ['goroute', 400, 'VALIDATION_ERROR', 'validation', false, 'validation'],
    ['goroute', 400, 'INVALID_XML', 'validation', false, 'validation'],
    ['goroute', 400, 'UNSUPPORTED_DOCUMENT_TYPE', 'validation', false, 'validation'],
    ['goroute', 400, 'VAL_001', 'validation', false, 'validation'],
    ['goroute', 400, 'VAL_002', 'validation', false, 'validation'],
    ['goroute', 400, undefined, 'permanent', false, 'unknown'],
    ['goroute', 401, 'INVALID_API_KEY', 'auth', false, 'auth'],
    ['goroute', 401, 'AUTH_001', 'auth', false, 'auth'],
    ['goroute', 403, 'AUTH_005', 'auth', false, 'auth'],
    ['goroute', 403, undefined, 'auth', false, 'auth'],
    ['goroute', 404, undefined, 'not_found', false, 'not_found'],
    ['goroute', 409, undefined, 'conflict', false, 'conflict'],
    ['goroute', 415, 'UNSUPPORTED_DOCUMENT_TYPE', 'validation', false, 'validation'],
    ['goroute', 415, undefined, 'permanent', false, 'unknown'],
    ['goroute', 422, 'VALIDATION_ERROR', 'validation', false, 'validation'],
    ['goroute', 422, undefined, 'validation', false, 'validation'],
    // exdata
    ['exdata', 422, 'validation_failed', 'validation', false, 'validation'],
    ['exdata', 409, undefined, 'conflict', false, 'conflict'],
    ['exdata', 429, 'test_mode_limit_exceeded', 'rate_limited', true, 'rate_limit'],
    ['exdata', 402, 'insufficient_credits', 'insufficient_credits', false, 'credits'],
    ['exdata', 401, undefined, 'auth', false, 'auth'],
    ['exdata', 403, undefined, 'auth', false, 'auth'],
    ['exdata', 404, undefined, 'not_found', false, 'not_found'],
    ['exdata', 500, undefined, 'retryable', true, 'server'],
    ['exdata', 503, undefined, 'retryable', true, 'server'],
  ] as const)('%s %i %s → %s', (provider, status, code, kind, retryable, category) => {
    const error = provider === 'goroute' ? goroute(status, code) : exdata(status, code);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error.category).toBe(category);
    expect(error.httpStatus).toBe(status);
    expect(error.code).toBe(code ?? null);
  });
});

describe('error bodies', () => {
  it('reads the GoRoute envelope with its details and request id', () => {
    const error = classify('goroute', 422, {
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Invalid invoice',
        details: [{ rule: 'BR-01', location: '/Invoice/cbc:ID', message: 'ID missing' }],
        request_id: 'gr_42',
      },
    });
    expect(error.message).toContain('Invalid invoice');
    expect(error.details).toEqual([{ rule: 'BR-01', location: '/Invoice/cbc:ID', message: 'ID missing' }]);
    expect(error.requestId).toBe('gr_42');
  });

  it('flattens exdata errors{field: [..]} into field details', () => {
    const error = classify('exdata', 422, {
      message: 'The given data was invalid.',
      code: 'validation_failed',
      request_id: 'ex_9',
      errors: { file: ['too big', 'wrong type'], locale: 'unknown' },
    });
    expect(error.details).toEqual([
      { field: 'file', message: 'too big' },
      { field: 'file', message: 'wrong type' },
      { field: 'locale', message: 'unknown' },
    ]);
    expect(error.requestId).toBe('ex_9');
  });

  it('prefers the X-Request-ID header over the body', () => {
    expect(classify('exdata', 500, { request_id: 'body' }, { 'x-request-id': 'header' }).requestId).toBe('header');
  });

  it('survives bodies of no known shape', () => {
    for (const body of [undefined, null, 'oops', 42, [1, 2], { errors: 5 }]) {
      const error = classify('goroute', 500, body);
      expect(error.kind).toBe('retryable');
      expect(error.message).toContain('500');
    }
  });

  it('reads a FastAPI-style {detail} body', () => {
    const error = classify('goroute', 422, { detail: [{ loc: ['query', 'identifier'], msg: 'field required' }] });
    expect(error.details).toEqual([{ location: 'query.identifier', message: 'field required' }]);
  });

  it('takes the longer of Retry-After and exdata retry_after', () => {
    expect(classify('exdata', 429, { code: 'rate_limited', retry_after: 7 }, { 'retry-after': '3' }).retryAfterMs).toBe(
      7000,
    );
    expect(classify('goroute', 429, {}, { 'retry-after': '3' }).retryAfterMs).toBe(3000);
    expect(classify('goroute', 429, {}).retryAfterMs).toBeNull();
  });

  it('scrubs secrets from provider messages', () => {
    const redact = makeRedactor(['sk_live_abcdef123456']);
    const error = errorFromResponse({
      provider: 'exdata',
      operation: 'op',
      status: 401,
      headers: {},
      body: { message: 'token sk_live_abcdef123456 is revoked', errors: { token: ['sk_live_abcdef123456 invalid'] } },
      nowMs: NOW,
      redact,
    });
    expect(JSON.stringify(error)).not.toContain('sk_live_abcdef123456');
    expect(error.message).toContain('[redacted]');
  });
});

describe('network errors', () => {
  it.each(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT'])(
    '%s is a retryable timeout',
    (code) => {
      const error = errorFromNetwork(
        'goroute',
        'op',
        Object.assign(new Error('timed out'), { code }),
        noRedact,
        'req_1',
      );
      expect(error).toMatchObject({
        kind: 'retryable',
        retryable: true,
        httpStatus: null,
        code: 'ETIMEDOUT',
        requestId: 'req_1',
      });
      expect(error.category).toBe('network');
    },
  );

  it('keeps the code of other network failures', () => {
    const error = errorFromNetwork(
      'exdata',
      'op',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      noRedact,
      null,
    );
    expect(error).toMatchObject({ kind: 'retryable', httpStatus: null, code: 'ECONNREFUSED' });
  });
});
