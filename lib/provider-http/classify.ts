import { ProviderError, type ErrorKind, type Provider } from './errors';
import { readErrorBody } from './error-body';
import { longest, parseRetryAfter, retryAfterFromBody } from './retry-after';

/** Codes that mean "the document or upload is wrong", as opposed to "the request is wrong". */
export const VALIDATION_CODES: ReadonlySet<string> = new Set([
  'VALIDATION_ERROR',
  'INVALID_XML',
  'UNSUPPORTED_DOCUMENT_TYPE',
  'VAL_001',
  'VAL_002',
  'validation_failed',
]);
const isAuthCode = (code: string) => code === 'INVALID_API_KEY' || /^AUTH_\d+$/.test(code);

/**
 * The classification table of docs/providers.md. Both providers agree on every status they both name,
 * so one table serves both; only the codes differ.
 */
function kindForStatus(status: number, code: string | null): ErrorKind {
  if (status === 429) return 'rate_limited';
  // 408 is the server giving up on a slow request: a timeout like ours, so as retryable as ours.
  if (status >= 500 || status === 408) return 'retryable';
  if (status === 401 || status === 403) return 'auth';
  if (code !== null && isAuthCode(code)) return 'auth';
  if (status === 402) return 'insufficient_credits';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 422 || status === 413) return 'validation';
  if ((status === 400 || status === 415) && code !== null && VALIDATION_CODES.has(code)) return 'validation';
  return 'permanent';
}

export type ErrorResponse = {
  provider: Provider;
  operation: string;
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
  nowMs: number;
  redact: (text: string) => string;
  /** The X-Request-ID we sent, used when the provider names none. */
  sentRequestId?: string | null;
};

const MAX_MESSAGE = 1000;

export function errorFromResponse(r: ErrorResponse): ProviderError {
  const body = readErrorBody(r.body);
  const retryAfterMs = longest(parseRetryAfter(r.headers['retry-after'], r.nowMs), retryAfterFromBody(body.retryAfter));
  const summary = body.message ?? `HTTP ${r.status}`;
  const label = body.code ? `${r.status} ${body.code}` : String(r.status);
  return new ProviderError({
    provider: r.provider,
    kind: kindForStatus(r.status, body.code),
    httpStatus: r.status,
    code: body.code,
    message: r.redact(`${r.provider} ${r.operation} failed (${label}): ${summary}`).slice(0, MAX_MESSAGE),
    details: body.details.map((d) => ({ ...d, message: r.redact(d.message).slice(0, MAX_MESSAGE) })),
    requestId: r.headers['x-request-id'] ?? body.requestId ?? r.sentRequestId ?? null,
    retryAfterMs,
  });
}

const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
]);

/**
 * No usable response: refused, reset, DNS, or one of our connect/read timeouts — retryable. The one
 * exception is undici refusing our own arguments (a malformed header value): sending again cannot help.
 */
export function errorFromNetwork(
  provider: Provider,
  operation: string,
  cause: unknown,
  redact: (text: string) => string,
  sentRequestId: string | null,
): ProviderError {
  const raw = cause as { code?: unknown; name?: unknown; message?: unknown } | null;
  const rawCode = typeof raw?.code === 'string' ? raw.code : null;
  const timedOut = (rawCode !== null && timeoutCodes.has(rawCode)) || raw?.name === 'TimeoutError';
  const code = timedOut ? 'ETIMEDOUT' : (rawCode ?? 'NETWORK_ERROR');
  const detail = typeof raw?.message === 'string' ? raw.message : String(cause);
  return new ProviderError({
    provider,
    kind: rawCode === 'UND_ERR_INVALID_ARG' ? 'permanent' : 'retryable',
    httpStatus: null,
    code,
    message: redact(
      `${provider} ${operation} failed (${timedOut ? 'timeout' : 'network error'}, ${rawCode ?? code}): ${detail}`,
    ).slice(0, MAX_MESSAGE),
    requestId: sentRequestId,
    // The undici error carries no headers, so it is safe to keep for stack traces.
    cause,
  });
}

/** A 2xx whose body is not what the contract says: permanent, since the same request gets the same body. */
export function badResponse(
  provider: Provider,
  operation: string,
  status: number,
  issues: string,
  requestId: string | null,
): ProviderError {
  return new ProviderError({
    provider,
    kind: 'permanent',
    httpStatus: status,
    code: 'BAD_RESPONSE',
    message: `${provider} ${operation}: unexpected response body (${status}): ${issues}`.slice(0, MAX_MESSAGE),
    requestId,
  });
}

/** A request we refuse to send (oversized key, bad file): nothing reached the provider. */
export function refused(provider: Provider, code: string, field: string, message: string): ProviderError {
  return new ProviderError({
    provider,
    kind: 'validation',
    httpStatus: null,
    code,
    message,
    details: [{ field, message }],
  });
}
