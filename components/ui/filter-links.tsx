import Link from 'next/link';

/** A row of links that set one URL filter, so every filtered view can be shared as a link. */
export function FilterLinks({
  basePath,
  name,
  values,
  current,
}: {
  basePath: string;
  name: string;
  values: readonly string[];
  current?: string;
}) {
  const link = (value?: string) => (value ? `${basePath}?${new URLSearchParams({ [name]: value })}` : basePath);
  const cls = (active: boolean) =>
    `rounded px-2 py-1 ${active ? 'bg-slate-900 text-white' : 'bg-white ring-1 ring-slate-200 hover:bg-slate-100'}`;
  return (
    <div className="mb-3 flex flex-wrap gap-1 text-xs" role="group" aria-label={`Filter by ${name}`}>
      <Link href={link()} className={cls(!current)}>
        all
      </Link>
      {values.map((v) => (
        <Link key={v} href={link(v)} className={cls(current === v)} aria-current={current === v ? 'true' : undefined}>
          {v.replaceAll('_', ' ')}
        </Link>
      ))}
    </div>
  );
}
