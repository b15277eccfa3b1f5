// The Content-Security-Policy of every page, set per request by proxy.ts.
//
// Why nonces and not a static header in next.config.js: the App Router streams inline bootstrap scripts
// (`self.__next_f.push(…)`) into every page, so a static policy must allow 'unsafe-inline' scripts — which
// is exactly what an injected `<script>` needs. With a fresh nonce per request, Next.js (which reads the
// nonce from the request's Content-Security-Policy header) stamps it on its own scripts and the browser runs
// nothing else; 'strict-dynamic' lets those trusted scripts load the route's chunks. The price of nonces —
// every page renders dynamically — costs nothing here: every console page already reads the session and live
// data per request. Styles keep 'unsafe-inline': React renders `style` attributes (charts, bars) that a nonce
// cannot cover, and a style cannot run code.

/** A fresh, unguessable nonce (128 random bits), base64 as CSP expects. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its debugging aids; production never needs 'unsafe-eval'.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * True when a state-changing request comes from another site: a foreign Origin, or `Origin: null` (sandboxed
 * frames, data: URLs, some redirects). Next.js also refuses such server-action calls, but with a 500 after
 * routing; refusing here answers a clear 403 for every page POST. A request without Origin is not a browser's
 * cross-site request (browsers always send Origin on POST), so it is left to the session check.
 */
export function isCrossOrigin(origin: string | null, host: string | null): boolean {
  if (origin === null) return false;
  if (origin === 'null' || !host) return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
