'use client';

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-red-900">
      <p className="font-medium">This page could not be loaded.</p>
      <p className="mt-1">The database or a provider may be unavailable. Nothing was changed.</p>
      {error.digest && <p className="mt-1 font-mono text-xs">Reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="mt-3 rounded border border-red-300 px-3 py-1">
        Try again
      </button>
    </div>
  );
}
