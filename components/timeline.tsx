import { DateTime } from './ui/relative-time';
import { collapseRepeatedCalls, repeatLabel } from './timeline-runs';

export type TimelineEntry = {
  id: number;
  kind: string;
  title: string;
  createdAt: Date;
  actor: string | null;
  detail: unknown;
  fromState: string | null;
  toState: string | null;
  /** Set when the query already folded a run of repeated calls into this entry (db/queries/document-detail.ts). */
  repeats?: number;
  lastAt?: Date;
};

const dot: Record<string, string> = {
  transition: 'bg-blue-500',
  api_call: 'bg-slate-400',
  webhook: 'bg-violet-500',
  human: 'bg-emerald-600',
  system: 'bg-amber-500',
};

/** One timeline across both providers: transitions, API calls, webhooks and people, oldest first; repeated calls folded. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <p className="text-slate-500">Nothing has happened yet.</p>;
  return (
    <ol className="relative space-y-2 border-l border-slate-200 pl-4" aria-label="Timeline">
      {collapseRepeatedCalls(entries).map((e) => (
        <li key={e.id} className="relative">
          <span
            className={`absolute -left-[1.3rem] top-1.5 h-2 w-2 rounded-full ${dot[e.kind] ?? 'bg-slate-400'}`}
            aria-hidden
          />
          <div className="flex flex-wrap items-baseline gap-2">
            <span className="font-medium">{e.title}</span>
            {e.repeats > 1 && (
              <span className="text-sm text-slate-700" data-testid="repeats">
                {repeatLabel(e)}
              </span>
            )}
            <span className="text-xs text-slate-500">{e.kind.replace('_', ' ')}</span>
            {e.actor && <span className="text-xs text-emerald-800">by {e.actor}</span>}
            <DateTime at={e.createdAt} className="ml-auto text-xs text-slate-500" />
          </div>
          {e.detail != null && (
            <pre
              tabIndex={0}
              className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-1.5 text-xs text-slate-700"
            >
              {JSON.stringify(e.detail, null, 1)}
            </pre>
          )}
        </li>
      ))}
    </ol>
  );
}
