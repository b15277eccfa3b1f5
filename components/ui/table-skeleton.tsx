/** Shown while a list's rows stream in. The header, filters and page title render first, so the page never looks blank. */
export function TableSkeleton({ head, rows = 8 }: { head: string[]; rows?: number }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" aria-busy="true" aria-label="Loading">
      <table className="w-full border-collapse text-left">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {Array.from({ length: rows }, (_, i) => (
            <tr key={i}>
              {head.map((h) => (
                <td key={h} className="px-3 py-3">
                  <div className="h-3 animate-pulse rounded bg-slate-200" />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <span className="sr-only" role="status">Loading…</span>
    </div>
  );
}
