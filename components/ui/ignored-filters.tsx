import type { IgnoredFilter } from '@/lib/search-params';

// A value from an edited link can be anything, of any length: enough of it to recognise, as text.
const SHOWN = 60;
const shown = (v: string) => (v.length > SHOWN ? `${v.slice(0, SHOWN)}…` : v);

/**
 * Says which filters of the URL a list did not apply (lib/search-params.ts parseFilters), so a list showing
 * everything after an edited or outdated link says so instead of passing for a filtered one.
 */
export function IgnoredFilters({ ignored }: { ignored: IgnoredFilter[] }) {
  if (ignored.length === 0) return null;
  return (
    <div
      role="status"
      aria-label="Ignored filters"
      className="mb-3 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900"
    >
      {ignored.map((f) => (
        <p key={f.name}>
          Ignored filter <span className="font-mono">{`${f.name}=${shown(f.value)}`}</span>: {f.reason}. The list below
          is not filtered by it.
        </p>
      ))}
    </div>
  );
}
