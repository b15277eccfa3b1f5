import { connection } from 'next/server';
import { NotFoundMessage } from '@/components/shell/not-found-message';

// An address no route matches, rendered in the root layout alone, so this page brings its own <main>. A console
// page calling notFound() gets app/(console)/not-found.tsx instead, inside the console's <main>.
// Rendered per request, not prerendered: a static page's scripts could not carry the per-request CSP
// nonce (lib/csp.ts), so the browser would block them.
export default async function NotFound() {
  await connection();
  return (
    <main>
      <NotFoundMessage />
    </main>
  );
}
