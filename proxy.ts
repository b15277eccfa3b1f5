import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { contentSecurityPolicy, isCrossOrigin, newNonce } from '@/lib/csp';
import { getEnv } from '@/lib/env';

// Sets the per-request Content-Security-Policy (lib/csp.ts says why nonces), refuses cross-site POSTs to pages
// (server actions) and redirects anonymous visitors of console pages to /login. Every page, action and route
// handler still checks permissions itself; the redirect is a convenience, not the security boundary.
export async function proxy(req: NextRequest) {
  const env = getEnv();
  // X-Forwarded-Host names the site only when a proxy of ours set it (TRUSTED_PROXY_HOPS); otherwise the client
  // wrote it, and could make its own origin look like ours. (The production server removes it in that case too.)
  const host = (env.TRUSTED_PROXY_HOPS > 0 ? req.headers.get('x-forwarded-host') : null) ?? req.headers.get('host');
  if (req.method !== 'GET' && req.method !== 'HEAD' && isCrossOrigin(req.headers.get('origin'), host)) {
    return new NextResponse('Cross-origin request refused', { status: 403 });
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, env.NODE_ENV === 'development');
  const withCsp = (res: NextResponse) => {
    res.headers.set('Content-Security-Policy', csp);
    return res;
  };
  const isLogin = req.nextUrl.pathname === '/login' || req.nextUrl.pathname.startsWith('/login/');
  const token = isLogin ? null : await getToken({ req, secret: env.NEXTAUTH_SECRET });
  if (isLogin || token) {
    // Next.js reads the nonce from the request's CSP header and puts it on its own inline and chunk scripts.
    const headers = new Headers(req.headers);
    headers.set('Content-Security-Policy', csp);
    return withCsp(NextResponse.next({ request: { headers } }));
  }
  const login = new URL('/login', req.url);
  const target = req.nextUrl.pathname + req.nextUrl.search;
  if (target !== '/') login.searchParams.set('callbackUrl', target);
  return withCsp(NextResponse.redirect(login));
}

export const config = {
  // Every page, the sign-in page included (it needs the CSP too); not API routes (they answer 401 themselves
  // and return no HTML) nor Next.js's own files under _next/.
  matcher: ['/((?!api/|_next/|favicon.ico|robots.txt).*)'],
};
