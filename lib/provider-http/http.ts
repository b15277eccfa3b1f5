import { Pool } from 'undici';
import type { z } from 'zod';
import { badResponse, errorFromNetwork, errorFromResponse } from './classify';
import { readErrorBody } from './error-body';
import { ProviderError, type Provider } from './errors';
import { createTokenBucket, type TokenBucket } from './rate-limit';
import { makeRedactor } from './redact';
import { decodeJson, flattenHeaders, issuesOf } from './response';
import { checkHeaderId, newRequestId, pathForRecord } from './request-id';

/** One row of the api_calls audit table. Never holds a key or token. */
export type ApiCallRecord = {
  provider: Provider;
  operation: string;
  method: string;
  path: string;
  httpStatus: number | null;
  durationMs: number;
  requestId: string | null;
  idempotencyKey: string | null;
  errorCode: string | null;
  documentId?: string;
  transactionId?: string;
};

/** Our local IDs, logged beside the provider's so support can move between them. */
export type CallContext = { documentId?: string; transactionId?: string };

export type HttpOptions = {
  provider: Provider;
  baseUrl: string;
  /** Connect, response-headers and body-idle timeouts, each. Default 30 s (the GoRoute checklist). */
  timeoutMs?: number;
  maxConnections?: number;
  ratePerSecond?: number;
  /** A throttle shared with other processes (lib/provider-http/shared-rate-limit.ts); wins over ratePerSecond. */
  throttle?: TokenBucket;
  /** Auth headers, read per request so a rotated key applies without a restart. */
  headers: () => Record<string, string>;
  /** Values scrubbed from every error message (the key or token). */
  secrets?: () => string[];
  record?: (call: ApiCallRecord) => void | Promise<void>;
  /** Wall-clock ms (durations, and Retry-After HTTP-dates). Default Date.now. */
  now?: () => number;
};

type HttpRequest<S extends z.ZodType> = {
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: string | Uint8Array;
  contentType?: string;
  idempotencyKey?: string;
  requestId?: string;
  ctx?: CallContext;
  /** Applied to the body of every status in `expect`; any other status becomes a ProviderError. */
  parse: S;
  expect: number[];
  /** 'bytes' hands `parse` the raw body as a Uint8Array (thumbnails). Default 'json'. */
  responseType?: 'json' | 'bytes';
};

type HttpResponse<T> = {
  status: number;
  data: T;
  requestId: string | null;
  durationMs: number;
  headers: Record<string, string | undefined>;
};

export type Http = {
  readonly provider: Provider;
  request<S extends z.ZodType>(req: HttpRequest<S>): Promise<HttpResponse<z.output<S>>>;
  close(): Promise<void>;
};

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The HTTP core both clients share: one keep-alive pool per client, connect/read timeouts,
 * client-side throttling, request IDs, zod-parsed bodies, ProviderError mapping and one audit record
 * per attempt. It never retries: the job queue owns retries, using `retryable` and `retryAfterMs`.
 */
export function createHttp(options: HttpOptions): Http {
  const { provider, record, now = Date.now } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, {
    connections: options.maxConnections ?? 10,
    connect: { timeout: timeoutMs, minVersion: 'TLSv1.2' },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 10_000,
  });
  const bucket =
    options.throttle ?? (options.ratePerSecond ? createTokenBucket({ ratePerSecond: options.ratePerSecond }) : null);

  async function audit(call: ApiCallRecord) {
    if (!record) return;
    try {
      await record(call);
    } catch {
      // The audit sink failing (database down) must not turn a delivered invoice into a failed call.
    }
  }

  async function request<S extends z.ZodType>(req: HttpRequest<S>): Promise<HttpResponse<z.output<S>>> {
    if (req.idempotencyKey !== undefined) checkHeaderId(provider, 'idempotencyKey', req.idempotencyKey);
    if (req.requestId !== undefined) checkHeaderId(provider, 'requestId', req.requestId);
    const sentRequestId = req.requestId ?? newRequestId();
    const redact = makeRedactor(options.secrets?.() ?? []);
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query ?? {}))
      if (value !== undefined) query.append(name, String(value));
    const qs = query.toString();

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers())) headers[name.toLowerCase()] = value;
    headers['x-request-id'] = sentRequestId;
    headers['accept'] = req.responseType === 'bytes' ? '*/*' : 'application/json';
    if (req.contentType) headers['content-type'] = req.contentType;
    if (req.idempotencyKey !== undefined) headers['idempotency-key'] = req.idempotencyKey;

    const call: Omit<ApiCallRecord, 'httpStatus' | 'durationMs' | 'requestId' | 'errorCode'> = {
      provider,
      operation: req.operation,
      method: req.method,
      path: pathForRecord(req.path, query),
      idempotencyKey: req.idempotencyKey ?? null,
      ...(req.ctx?.documentId !== undefined && { documentId: req.ctx.documentId }),
      ...(req.ctx?.transactionId !== undefined && { transactionId: req.ctx.transactionId }),
    };

    if (bucket) await bucket.take();
    const started = now();
    let status: number;
    let resHeaders: Record<string, string | undefined>;
    let bytes: Uint8Array;
    try {
      const res = await pool.request({
        path: `${basePath}${req.path}${qs ? `?${qs}` : ''}`,
        method: req.method,
        headers,
        body: req.body ?? null,
      });
      status = res.statusCode;
      resHeaders = flattenHeaders(res.headers);
      bytes = new Uint8Array(await res.body.arrayBuffer());
    } catch (cause) {
      const error = errorFromNetwork(provider, req.operation, cause, redact, sentRequestId);
      await audit({
        ...call,
        httpStatus: null,
        durationMs: now() - started,
        requestId: sentRequestId,
        errorCode: error.code,
      });
      throw error;
    }
    const durationMs = now() - started;
    const headerRequestId = resHeaders['x-request-id'] ?? null;

    let outcome: { data: z.output<S> } | { error: ProviderError };
    let errorCode: string | null = null;
    let requestId = headerRequestId ?? sentRequestId;
    // Error bodies are JSON even on a bytes endpoint (a thumbnail's 404 carries the error envelope).
    const json = req.responseType === 'bytes' && status < 400 ? null : decodeJson(bytes);
    if (status >= 400 && json?.ok) {
      // Also for an expected 4xx (GoRoute's 422 validation report) so the audit row names the code.
      const body = readErrorBody(json.value);
      errorCode = body.code;
      requestId = headerRequestId ?? body.requestId ?? sentRequestId;
    }
    if (req.expect.includes(status)) {
      const input = req.responseType === 'bytes' || json === null ? { ok: true as const, value: bytes } : json;
      const parsed = input.ok ? req.parse.safeParse(input.value) : null;
      if (parsed?.success) outcome = { data: parsed.data };
      else {
        const why = parsed ? issuesOf(parsed.error) : 'body is not JSON';
        outcome = { error: badResponse(provider, req.operation, status, why, requestId) };
      }
    } else if (status < 300) {
      outcome = {
        error: badResponse(
          provider,
          req.operation,
          status,
          `unexpected status, wanted ${req.expect.join('/')}`,
          requestId,
        ),
      };
    } else {
      // Plain-text errors are worth showing; an HTML error page from a proxy is not.
      const plain = resHeaders['content-type']?.startsWith('text/plain')
        ? Buffer.from(bytes).toString('utf8').slice(0, 500)
        : undefined;
      const body = json?.ok ? json.value : plain;
      outcome = {
        error: errorFromResponse({
          provider,
          operation: req.operation,
          status,
          headers: resHeaders,
          body,
          nowMs: now(),
          redact,
          sentRequestId,
        }),
      };
    }
    if ('error' in outcome) errorCode = outcome.error.code ?? `HTTP_${status}`;
    // A 429 holds every caller sharing the limit for Retry-After, not just this one: the next requests
    // would only collect 429s of their own.
    if (status === 429 && 'error' in outcome && bucket?.pause) await bucket.pause(outcome.error.retryAfterMs ?? 1_000);
    await audit({ ...call, httpStatus: status, durationMs, requestId, errorCode });
    if ('error' in outcome) throw outcome.error;
    return { status, data: outcome.data, requestId, durationMs, headers: resHeaders };
  }

  let closing: Promise<void> | null = null;
  // Waits for calls under way, then ends the pooled connections; a second call is a no-op.
  const close = () => (closing ??= pool.close());
  return { provider, request, close };
}
