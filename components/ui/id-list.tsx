import { CopyButton } from './copy-button';

/** A definition list of IDs, each with a copy button; missing ones say so. */
export function IdList({ ids }: { ids: [string, string | null | undefined][] }) {
  return (
    <dl className="grid grid-cols-[12rem_1fr] gap-x-3 gap-y-1 text-sm">
      {ids.map(([label, value]) => [
        <dt key={`${label}-t`} className="text-slate-500">
          {label}
        </dt>,
        <dd key={`${label}-d`} className="break-all font-mono text-xs">
          {value ? (
            <>
              <span>{value}</span>
              <CopyButton value={value} label={label} />
            </>
          ) : (
            <span className="text-slate-400">—</span>
          )}
        </dd>,
      ])}
    </dl>
  );
}
