/**
 * Only same-site paths may be a post-login target (no open redirect). A plain `startsWith('/')` is not
 * enough: browsers read `/\evil.example` and `/<tab>/evil.example` as `//evil.example`, another site. So the
 * value is resolved against a placeholder origin the way a browser would, and kept only if it stays there.
 * Resolving also removes dot segments, and that can *create* a protocol-relative path: `/.//evil.example`,
 * `/a/..//evil.example` and `/%2e%2e//evil.example` all become `//evil.example`. So the resolved path is
 * checked again: it must not start with two slashes, and must resolve to itself.
 */
export function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !v.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(v)) return '/';
  const base = 'http://console.invalid';
  try {
    const url = new URL(v, base);
    if (url.origin !== base) return '/';
    const target = url.pathname + url.search + url.hash;
    if (target.startsWith('//') || new URL(target, base).href !== url.href) return '/';
    return target;
  } catch {
    return '/';
  }
}

/**
 * next-auth's redirect callback: where to go after an OIDC sign-in or a sign-out. next-auth passes absolute
 * URLs on our own origin as well as paths; anything else ends on the console's home page.
 */
export function safeRedirect(url: string, baseUrl: string): string {
  const origin = new URL(baseUrl).origin;
  let path = url;
  if (!url.startsWith('/')) {
    try {
      const parsed = new URL(url);
      if (parsed.origin !== origin) return `${origin}/`;
      path = parsed.pathname + parsed.search + parsed.hash;
    } catch {
      return `${origin}/`;
    }
  }
  return origin + safeCallback(path);
}
