import Link from 'next/link';

/** "Older" link for keyset pages; keeps the current filters and replaces only the cursor. */
export function Pager({ basePath, params, next }: { basePath: string; params: Record<string, string | undefined>; next: string | null }) {
  const first = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]) && e[0] !== 'after'));
  const older = new URLSearchParams(first);
  if (next) older.set('after', next);
  return (
    <nav aria-label="Pagination" className="mt-3 flex gap-3">
      {params.after && (
        <Link className="text-blue-700 underline" href={`${basePath}?${first.toString()}`}>
          Newest
        </Link>
      )}
      {next && (
        <Link className="text-blue-700 underline" href={`${basePath}?${older.toString()}`}>
          Older →
        </Link>
      )}
    </nav>
  );
}
