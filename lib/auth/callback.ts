/**
 * Only same-site paths may be a post-login target (no open redirect). A plain `startsWith('/')` is not
 * enough: browsers read `/\evil.example` and `/<tab>/evil.example` as `//evil.example`, another site. So the
 * value is resolved against a placeholder origin the way a browser would, and kept only if it stays there.
 */
export function safeCallback(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !v.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(v)) return '/';
  const base = 'http://console.invalid';
  try {
    const url = new URL(v, base);
    return url.origin === base ? url.pathname + url.search + url.hash : '/';
  } catch {
    return '/';
  }
}
