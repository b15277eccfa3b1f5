import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeCallback } from '@/lib/auth/callback';
import { getCurrentUser } from '@/lib/auth/guard';
import { oidcEnabled } from '@/lib/auth/options';
import { getEnv } from '@/lib/env';
import { LoginForm } from './_components/login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const sso = oidcEnabled() ? getEnv().OIDC_NAME : null;
  const error = typeof params.error === 'string' ? params.error : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">Invoice Ops</h1>
        <p className="mb-5 text-slate-500">Sign in to the operations console.</p>
        <LoginForm callbackUrl={callbackUrl} ssoName={sso} initialError={error} />
      </div>
    </main>
  );
}
