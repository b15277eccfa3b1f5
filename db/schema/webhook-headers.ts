// Which request headers a stored webhook delivery keeps. Shared by the receiver (lib/webhooks/inspect.ts) and the
// demo seed (demo/seed/webhooks.ts), so seeded rows look exactly like received ones. Not part of the table schema.
import type { Provider } from './enums';

/** The header each provider signs its body in. */
export const SIGNATURE_HEADERS = { exdata: 'x-signature', goroute: 'x-goroute-signature' } as const satisfies Record<
  Provider,
  string
>;

/**
 * Never stored. Credentials a misconfigured proxy might forward; and the signatures: a signature next to its body
 * is a request anyone who can read the row could post again. The verdict is stored instead (signature_result).
 */
const UNSTORED = new Set<string>([
  'authorization',
  'cookie',
  'x-api-key',
  'proxy-authorization',
  ...Object.values(SIGNATURE_HEADERS),
]);

/** The headers of a request as stored: lower-case names, the unstored ones left out, values capped at 2 KiB. */
export function storedHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (!UNSTORED.has(key)) out[key] = value.slice(0, 2048);
  }
  return out;
}
