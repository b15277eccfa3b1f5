import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Provider } from 'next-auth/providers/index';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { safeRedirect } from './callback';
import { findActiveUserByEmail, recordSignIn, verifyCredentials } from './credentials';
import { clientFromHeaders } from '@/lib/http/client-address';
import { SignInDelayedError } from './sign-in-limit';

const SESSION_HOURS = 12;

/** The ways to sign in (next-auth calls them providers; ours are GoRoute and exdata): password, and OIDC when configured. */
function signInMethods(): Provider[] {
  const env = getEnv();
  const list: Provider[] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'E-mail and password',
      credentials: { email: { label: 'E-mail', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const client = clientFromHeaders(req.headers ?? {}, getEnv().TRUSTED_PROXY_HOPS);
        try {
          const user = await verifyCredentials(credentials, client);
          if (!user)
            log.warn({ email: String(credentials?.email ?? '').slice(0, 254), client }, 'password sign-in failed');
          return user;
        } catch (error) {
          if (error instanceof SignInDelayedError) {
            log.warn(
              {
                email: String(credentials?.email ?? '').slice(0, 254),
                client,
                retryAfterSeconds: error.retryAfterSeconds,
              },
              'password sign-in refused: too many recent failures',
            );
          }
          throw error;
        }
      },
    }),
  ];
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    list.push({
      id: 'oidc',
      name: env.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      profile: (p: { sub: string; email?: string; name?: string }) => ({
        id: p.sub,
        email: p.email ?? null,
        name: p.name ?? p.email ?? p.sub,
      }),
    });
  }
  return list;
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: getEnv().NEXTAUTH_SECRET,
    providers: signInMethods(),
    session: { strategy: 'jwt', maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      // After an OIDC sign-in next-auth redirects to the callbackUrl it kept in a cookie: same rule as the login page.
      redirect: ({ url, baseUrl }) => safeRedirect(url, baseUrl),
      // SSO lets in only people an admin has provisioned; their role comes from our users table.
      async signIn({ user, account }) {
        if (account?.provider !== 'oidc') return true;
        const known = user.email ? await findActiveUserByEmail(user.email) : null;
        if (!known) return false;
        await recordSignIn(known, 'oidc');
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const known = account.provider === 'oidc' ? await findActiveUserByEmail(user.email ?? '') : null;
          const signedIn = known ?? (user as { id: string; role?: string });
          token.uid = signedIn.id;
          token.role = known?.role ?? (user as { role?: string }).role;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) {
          session.user.id = String(token.uid ?? '');
          session.user.role = String(token.role ?? '');
        }
        return session;
      },
    },
  };
  return cached;
}

export function oidcEnabled() {
  const env = getEnv();
  return Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
}
