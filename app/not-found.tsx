import Link from 'next/link';
import { connection } from 'next/server';

// Rendered per request, not prerendered: a static page's scripts could not carry the per-request CSP
// nonce (lib/csp.ts), so the browser would block them.
export default async function NotFound() {
  await connection();
  return (
    <main className="mx-auto max-w-lg p-10">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">Nothing lives at this address. Check the ID, or search for it from the console.</p>
      <Link href="/" className="mt-4 inline-block text-blue-700 underline">
        Back to the console
      </Link>
    </main>
  );
}
