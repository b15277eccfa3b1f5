import Link from 'next/link';

type Labels = { first: string; next: string };
const NEWEST_FIRST: Labels = { first: 'Newest', next: 'Older →' };

/** "Older" link for keyset pages; keeps the current filters and replaces only the cursor. Lists sorted oldest first pass their own labels. */
export function Pager({
  basePath,
  params,
  next,
  labels = NEWEST_FIRST,
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  next: string | null;
  labels?: Labels;
}) {
  const first = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]) && e[0] !== 'after'),
  );
  const older = new URLSearchParams(first);
  if (next) older.set('after', next);
  return (
    <nav aria-label="Pagination" className="mt-3 flex gap-3">
      {params.after && (
        <Link className="text-blue-700 underline" href={`${basePath}?${first.toString()}`}>
          {labels.first}
        </Link>
      )}
      {next && (
        <Link className="text-blue-700 underline" href={`${basePath}?${older.toString()}`}>
          {labels.next}
        </Link>
      )}
    </nav>
  );
}
