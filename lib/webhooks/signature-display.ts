import type { Provider, SignatureResult } from '@/db/schema/enums';
import { SIGNATURE_HEADERS } from '@/db/schema/webhook-headers';

/** How each signature result reads in the console. */
export const signatureLabels: Record<SignatureResult, string> = {
  valid: 'valid',
  valid_previous_secret: 'valid (previous secret)',
  missing: 'missing',
  invalid: 'invalid',
  stale: 'stale',
  mismatch: 'mismatch (header contradicts signed body)',
};

/**
 * A delivery's stored headers as the console shows them: the signature header as its verdict, never its value.
 * Rows stored before signatures were left out still hold the value, so it is replaced here for every row; a
 * signature header is shown wherever one was sent (every result but `missing`).
 */
export function shownHeaders(headers: unknown, provider: Provider, result: SignatureResult): Record<string, unknown> {
  const signatureHeaders: readonly string[] = Object.values(SIGNATURE_HEADERS);
  const shown: Record<string, unknown> = {};
  if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
    for (const [name, value] of Object.entries(headers))
      if (!signatureHeaders.includes(name.toLowerCase())) shown[name] = value;
  }
  if (result !== 'missing') shown[SIGNATURE_HEADERS[provider]] = signatureLabels[result];
  return shown;
}
