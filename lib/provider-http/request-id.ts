import { randomUUID } from 'node:crypto';
import { refused } from './classify';
import type { Provider } from './errors';

const MAX_IDEMPOTENCY_KEY = 255;
const MAX_REQUEST_ID = 128;

// Header-safe printable ASCII: a CR/LF in a key would otherwise be a header-injection hole.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function newRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}

/** Throws (before anything is sent) when a caller-supplied ID breaks the providers' documented limits. */
export function checkHeaderId(provider: Provider, field: 'idempotencyKey' | 'requestId', value: string): void {
  const max = field === 'idempotencyKey' ? MAX_IDEMPOTENCY_KEY : MAX_REQUEST_ID;
  const name = field === 'idempotencyKey' ? 'Idempotency-Key' : 'X-Request-ID';
  if (value.length === 0 || value.length > max) {
    throw refused(provider, 'INVALID_HEADER', field, `${name} must be 1–${max} characters (got ${value.length})`);
  }
  if (!HEADER_SAFE.test(value)) {
    throw refused(provider, 'INVALID_HEADER', field, `${name} may hold only printable ASCII without spaces`);
  }
}

const SENSITIVE_PARAM = /key|token|secret|signature|password|auth/i;

/** The path as it goes into the audit log: query values whose names look like credentials are dropped. */
export function pathForRecord(path: string, query: URLSearchParams): string {
  const safe = new URLSearchParams();
  for (const [name, value] of query) safe.append(name, SENSITIVE_PARAM.test(name) ? '[redacted]' : value);
  const qs = safe.toString();
  return qs ? `${path}?${qs}` : path;
}
