import Link from 'next/link';

/** What a missing page says; the page around it decides the landmark (the console's own <main>, or one of its own). */
export function NotFoundMessage() {
  return (
    <div className="mx-auto max-w-lg p-10">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">
        Nothing lives at this address. Check the ID, or search for it from the console.
      </p>
      <Link href="/" className="mt-4 inline-block text-blue-700 underline">
        Back to the console
      </Link>
    </div>
  );
}
