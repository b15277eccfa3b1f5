import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { getEnv } from '@/lib/env';

// Only redirects anonymous visitors of console pages to /login. Every page, action and route
// handler checks permissions itself; this is a convenience, not the security boundary.
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: getEnv().NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const login = new URL('/login', req.url);
  const target = req.nextUrl.pathname + req.nextUrl.search;
  if (target !== '/') login.searchParams.set('callbackUrl', target);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything except the sign-in page, API routes (they answer 401 themselves) and static assets.
  matcher: ['/((?!login|api/|_next/|favicon.ico|robots.txt).*)'],
};
