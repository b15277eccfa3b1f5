// How seeded sends fail: GoRoute's synchronous errors, validation reports with real rules, and the
// retry schedule — the error shapes the Failures view shows.
import type { ErrorCategory } from '@/db/schema';
import type { DocState } from './doc-state';
import type { SyncFailure, ValidationCase } from './plans';

export const SECOND = 1000;

export interface ErrorInfo {
  code: string;
  category: ErrorCategory;
  retryable: boolean;
  message: string;
  details: unknown;
}

export const SYNC_ERRORS: Record<
  SyncFailure,
  {
    status: number | null;
    code: string;
    category: ErrorCategory;
    retryable: boolean;
    ms: [number, number];
    message: (d: DocState) => string;
  }
> = {
  rate_limit: {
    status: 429,
    code: 'RATE_LIMIT_EXCEEDED',
    category: 'rate_limit',
    retryable: true,
    ms: [15, 60],
    message: () => 'Rate limit exceeded (10 requests per second). Retry after the number of seconds in Retry-After.',
  },
  server: {
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    category: 'server',
    retryable: true,
    ms: [40, 2500],
    message: () => 'Service temporarily unavailable. Please retry later.',
  },
  timeout: {
    status: null,
    code: 'ETIMEDOUT',
    category: 'network',
    retryable: true,
    ms: [30_000, 30_040],
    message: () => 'No response from GoRoute within 30 s (read timeout); retried with the same Idempotency-Key.',
  },
  not_found: {
    status: 404,
    code: 'PARTICIPANT_NOT_FOUND',
    category: 'not_found',
    retryable: false,
    ms: [250, 900],
    message: (d) =>
      `Receiver ${d.recipient.peppolId} is not registered in the Peppol network (SML lookup returned no SMP).`,
  },
  invalid_key: {
    status: 401,
    code: 'INVALID_API_KEY',
    category: 'auth',
    retryable: false,
    ms: [20, 90],
    message: () => 'Invalid API key.',
  },
  ip_blocked: {
    status: 403,
    code: 'AUTH_005',
    category: 'auth',
    retryable: false,
    ms: [20, 90],
    message: () => 'IP address 203.0.113.47 is not allowed for this API key.',
  },
};

const BR_CO_15 = {
  rule: 'BR-CO-15',
  location: '/Invoice/cac:TaxTotal',
  message: 'Invoice total amount with VAT = Invoice total amount without VAT + Invoice total VAT amount.',
};
export const VALIDATION: Record<
  ValidationCase,
  { layer: 'schematron' | 'business_rules'; details: { rule: string; location: string; message: string }[] }
> = {
  br_co_15: { layer: 'schematron', details: [BR_CO_15] },
  peppol_r001: {
    layer: 'business_rules',
    details: [
      {
        rule: 'PEPPOL-EN16931-R001',
        location: '/Invoice/cbc:ProfileID',
        message: 'Business process MUST be provided.',
      },
    ],
  },
  br_s_08: {
    layer: 'schematron',
    details: [
      {
        rule: 'BR-S-08',
        location: '/Invoice/cac:TaxTotal/cac:TaxSubtotal[1]',
        message:
          'For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is "Standard rated", the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus the sum of document level allowance amounts (BT-92) where the VAT category code (BT-151, BT-102, BT-95) is "Standard rated" and the VAT rate (BT-152, BT-103, BT-96) equals the VAT category rate (BT-119).',
      },
      BR_CO_15,
    ],
  },
};

/** The waits between a send's attempts: the worker's own schedule, so a seeded retry says what the worker would do. */
export { MAX_ATTEMPTS, RETRY_DELAYS_MS as BACKOFF } from '@/lib/rules/retry-schedule';
