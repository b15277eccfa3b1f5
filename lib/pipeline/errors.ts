import type { ErrorCategory, Provider } from '@/db/schema/enums';
import { AUTOMATIC_RETRY_CATEGORIES } from '@/lib/rules/sends';

/**
 * How a provider failure is grouped and whether automation may retry it (docs/providers.md): GoRoute 429
 * and 5xx and network errors are retryable; 400/401/403/404/415/422 are permanent and go to a person.
 * exdata 402 is never retried automatically.
 */
export function categorize(
  provider: Provider,
  httpStatus: number | null,
  code: string | null,
): { category: ErrorCategory; retryable: boolean } {
  const category = categoryOf(provider, httpStatus, code);
  // Whether automation retries it is the send rule's (lib/rules/sends.ts), not a second list here.
  return { category, retryable: (AUTOMATIC_RETRY_CATEGORIES as readonly ErrorCategory[]).includes(category) };
}

function categoryOf(provider: Provider, httpStatus: number | null, code: string | null): ErrorCategory {
  const c = (code ?? '').toUpperCase();
  if (httpStatus === null && (c.startsWith('E') || c === 'TIMEOUT' || c === '')) return 'network';
  if (httpStatus === 429 || c === 'RATE_LIMITED') return 'rate_limit';
  if (httpStatus === 402 || c === 'INSUFFICIENT_CREDITS') return 'credits';
  if (httpStatus !== null && httpStatus >= 500) return 'server';
  if (httpStatus === 401 || httpStatus === 403 || c === 'INVALID_API_KEY' || c.startsWith('AUTH_')) return 'auth';
  if (httpStatus === 404 || c.includes('NOT_FOUND')) return 'not_found';
  if (httpStatus === 409) return 'conflict';
  if (
    c.includes('VALIDATION') ||
    c.startsWith('VAL_') ||
    c === 'INVALID_XML' ||
    c === 'UNSUPPORTED_DOCUMENT_TYPE' ||
    httpStatus === 400 ||
    httpStatus === 415 ||
    httpStatus === 422
  ) {
    return 'validation';
  }
  if (provider === 'exdata' && c === 'EXTRACTION_ERROR') return 'extraction';
  if (c === 'SERVICE_UNAVAILABLE' || c === 'INTERNAL_ERROR') return 'server';
  return 'unknown';
}
