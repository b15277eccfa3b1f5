import { TableFrame } from './table';

/** Shown while a list's rows stream in. The header, filters and page title render first, so the page never looks blank. */
export function TableSkeleton({ head, rows = 8 }: { head: string[]; rows?: number }) {
  return (
    <>
      <TableFrame head={head} busy>
        {Array.from({ length: rows }, (_, i) => (
          <tr key={i}>
            {head.map((h) => (
              <td key={h} className="px-3 py-3">
                <div className="h-3 animate-pulse rounded bg-slate-200" />
              </td>
            ))}
          </tr>
        ))}
      </TableFrame>
      <span className="sr-only" role="status">
        Loading…
      </span>
    </>
  );
}
