export const providers = ['goroute', 'exdata'] as const;
export type Provider = (typeof providers)[number];

/** How a provider failure is grouped on the Failures view. */
export const errorCategories = [
  'validation',
  'auth',
  'not_found',
  'rate_limit',
  'server',
  'network',
  'credits',
  'conflict',
  'extraction',
  'unknown',
] as const;
export type ErrorCategory = (typeof errorCategories)[number];

export type ErrorKind =
  | 'retryable'
  | 'permanent'
  | 'rate_limited'
  | 'insufficient_credits'
  | 'validation'
  | 'conflict'
  | 'auth'
  | 'not_found';

/** One provider diagnostic: GoRoute's details[] item, or one message of exdata's errors{field: [..]}. */
export type ErrorDetail = { rule?: string; location?: string; field?: string; message: string };

export type ProviderErrorInit = {
  provider: Provider;
  kind: ErrorKind;
  message: string;
  httpStatus: number | null;
  code?: string | null;
  details?: ErrorDetail[];
  requestId?: string | null;
  retryAfterMs?: number | null;
  /** Only for network errors; never carries request headers. */
  cause?: unknown;
};

// Kinds the job queue may retry on its own. 402 is deliberately absent: after credits are fixed a
// person retries with a new idempotency key (docs/providers.md), so an automatic loop would only burn attempts.
const retryableKinds: ReadonlySet<ErrorKind> = new Set(['retryable', 'rate_limited']);

/**
 * Every failure of a provider call. The job queue decides on `retryable` and `retryAfterMs`;
 * the Failures view groups by `category`. The message never contains a key or token.
 */
export class ProviderError extends Error {
  readonly provider: Provider;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  /** null when no response arrived (timeout, refused connection) or the call was refused before sending. */
  readonly httpStatus: number | null;
  readonly code: string | null;
  readonly details: ErrorDetail[];
  readonly requestId: string | null;
  readonly retryAfterMs: number | null;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.kind = init.kind;
    this.retryable = retryableKinds.has(init.kind);
    this.httpStatus = init.httpStatus;
    this.code = init.code ?? null;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  /** The DB error_category this failure is filed under. */
  get category(): ErrorCategory {
    switch (this.kind) {
      case 'validation':
        return 'validation';
      case 'auth':
        return 'auth';
      case 'not_found':
        return 'not_found';
      case 'rate_limited':
        return 'rate_limit';
      case 'insufficient_credits':
        return 'credits';
      case 'conflict':
        return 'conflict';
      case 'retryable':
        return this.httpStatus === null ? 'network' : 'server';
      case 'permanent':
        // An answer we cannot read is the provider's fault, not ours or the document's.
        return this.code === 'BAD_RESPONSE' ? 'server' : 'unknown';
    }
  }

  /** A plain object for logs and job payloads (Error fields are not enumerable). */
  toJSON() {
    return {
      name: this.name,
      provider: this.provider,
      kind: this.kind,
      category: this.category,
      retryable: this.retryable,
      httpStatus: this.httpStatus,
      code: this.code,
      message: this.message,
      details: this.details,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
