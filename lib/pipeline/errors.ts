import type { ErrorCategory, Provider } from '@/db/schema/enums';

/**
 * How a provider failure is grouped and whether automation may retry it (PROVIDERS.md): GoRoute 429
 * and 5xx and network errors are retryable; 400/401/403/404/415/422 are permanent and go to a person.
 * exdata 402 is never retried automatically.
 */
export function categorize(provider: Provider, httpStatus: number | null, code: string | null): { category: ErrorCategory; retryable: boolean } {
  const c = (code ?? '').toUpperCase();
  if (httpStatus === null && (c.startsWith('E') || c === 'TIMEOUT' || c === '')) return { category: 'network', retryable: true };
  if (httpStatus === 429 || c === 'RATE_LIMITED') return { category: 'rate_limit', retryable: true };
  if (httpStatus === 402 || c === 'INSUFFICIENT_CREDITS') return { category: 'credits', retryable: false };
  if (httpStatus !== null && httpStatus >= 500) return { category: 'server', retryable: true };
  if (httpStatus === 401 || httpStatus === 403 || c === 'INVALID_API_KEY' || c.startsWith('AUTH_')) return { category: 'auth', retryable: false };
  if (httpStatus === 404 || c.includes('NOT_FOUND')) return { category: 'not_found', retryable: false };
  if (httpStatus === 409) return { category: 'conflict', retryable: false };
  if (c.includes('VALIDATION') || c.startsWith('VAL_') || c === 'INVALID_XML' || c === 'UNSUPPORTED_DOCUMENT_TYPE' || httpStatus === 400 || httpStatus === 415 || httpStatus === 422) {
    return { category: 'validation', retryable: false };
  }
  if (provider === 'exdata' && c === 'EXTRACTION_ERROR') return { category: 'extraction', retryable: false };
  if (c === 'SERVICE_UNAVAILABLE' || c === 'INTERNAL_ERROR') return { category: 'server', retryable: true };
  return { category: 'unknown', retryable: false };
}
