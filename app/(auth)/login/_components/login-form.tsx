'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';

const messages: Record<string, string> = {
  CredentialsSignin: 'The e-mail or password is incorrect.',
  AccessDenied: 'Your single sign-on account has no access to Invoice Ops. Ask an admin to add you.',
  SessionRequired: 'Please sign in to continue.',
};

/** `SignInDelayed:<seconds>` (lib/auth/sign-in-limit.ts): too many recent failures from this device. */
function delayed(code: string): string | null {
  const m = /^SignInDelayed:(\d{1,6})$/.exec(code);
  if (!m) return null;
  const s = Number(m[1]);
  const wait = s < 90 ? `${s} second${s === 1 ? '' : 's'}` : `${Math.ceil(s / 60)} minutes`;
  return `Too many failed sign-ins from this device. Try again in ${wait}; each further failure doubles the wait (up to 15 minutes).`;
}

function describe(code: string | undefined) {
  if (!code) return null;
  return messages[code] ?? delayed(code) ?? 'Sign-in failed. Please try again.';
}

export function LoginForm({
  callbackUrl,
  ssoName,
  initialError,
}: {
  callbackUrl: string;
  ssoName: string | null;
  initialError?: string;
}) {
  const [error, setError] = useState(describe(initialError));
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
      callbackUrl,
    });
    if (result?.ok && !result.error) {
      // A full navigation so every server component renders with the new session.
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(describe(result?.error ?? 'CredentialsSignin'));
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <label className="block">
          <span className="mb-1 block font-medium">E-mail</span>
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            className="w-full rounded border border-slate-300 px-3 py-2"
          />
        </label>
        <label className="block">
          <span className="mb-1 block font-medium">Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="w-full rounded border border-slate-300 px-3 py-2"
          />
        </label>
        {error && (
          <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-red-800">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded bg-slate-900 px-3 py-2 font-medium text-white disabled:opacity-60"
        >
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {ssoName && (
        <button
          type="button"
          onClick={() => signIn('oidc', { callbackUrl })}
          className="w-full rounded border border-slate-300 px-3 py-2 font-medium"
        >
          Sign in with {ssoName}
        </button>
      )}
    </div>
  );
}
