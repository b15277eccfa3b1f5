import Link from 'next/link';

/** What a page a role may not see says; the page around it decides the landmark (see not-found-message.tsx). */
export function ForbiddenMessage() {
  return (
    <div className="mx-auto max-w-lg p-10">
      <h1 className="text-xl font-semibold">You do not have access to this page</h1>
      <p className="mt-2 text-slate-600">
        Your role does not include this part of the console. Ask an admin if you need it.
      </p>
      <Link href="/" className="mt-4 inline-block text-blue-700 underline">
        Back to the console
      </Link>
    </div>
  );
}
