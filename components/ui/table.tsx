import type { ReactNode } from 'react';

/** The frame and header row every list shares (the loading skeleton too, so rows do not jump when they arrive). */
export function TableFrame({
  head,
  children,
  busy,
  label = 'Scrollable table',
}: {
  head: string[];
  children: ReactNode;
  busy?: boolean;
  label?: string;
}) {
  return (
    <div
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:ring-2 focus-visible:ring-blue-500"
      // Focusable and named, so a keyboard user can scroll a wide table sideways.
      tabIndex={0}
      role="region"
      aria-busy={busy || undefined}
      aria-label={busy ? 'Loading' : label}
    >
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
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export function Table({
  head,
  children,
  empty,
  label,
}: {
  head: string[];
  children: ReactNode;
  empty?: boolean;
  label?: string;
}) {
  return (
    <TableFrame head={head} label={label}>
      {empty ? (
        <tr>
          <td colSpan={head.length} className="px-3 py-8 text-center text-slate-500">
            Nothing here yet.
          </td>
        </tr>
      ) : (
        children
      )}
    </TableFrame>
  );
}

export function Td({ children, mono, className = '' }: { children: ReactNode; mono?: boolean; className?: string }) {
  return (
    <td className={`px-3 py-2 align-top ${mono ? 'whitespace-nowrap font-mono text-xs' : ''} ${className}`}>
      {children}
    </td>
  );
}
