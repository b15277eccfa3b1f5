import { diffChanges } from '@/lib/change-diff';

/** Before → after per changed key. Values are audit data that may come from extracted text: rendered as text only. */
export function ChangeDiff({ before, after }: { before: unknown; after: unknown }) {
  const changes = diffChanges(before, after);
  if (changes.length === 0) return <span className="text-slate-500">no field changes</span>;
  return (
    <dl className="space-y-0.5 text-xs">
      {changes.map((c) => (
        <div key={c.key} className="flex flex-wrap gap-x-1">
          <dt className="font-mono text-slate-500">{c.key}:</dt>
          <dd className="break-all">
            {c.before !== undefined && <del className="bg-red-50 text-red-800">{c.before}</del>}
            {c.kind === 'changed' && <span aria-hidden="true"> → </span>}
            {c.after !== undefined && <ins className="bg-green-50 text-green-800 no-underline">{c.after}</ins>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
