/** Downloads the list as CSV with exactly the filters on screen. */
export function ExportLink({ view, params }: { view: string; params: Record<string, string | undefined> }) {
  const query = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]) && e[0] !== 'after'),
  );
  return (
    <a
      href={`/api/export/${view}${query.size ? `?${query}` : ''}`}
      className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm"
      download
    >
      Export CSV
    </a>
  );
}
