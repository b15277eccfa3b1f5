import { providerModes } from '@/lib/env';

/** Which provider credentials the console is using; never ambiguous, always on screen. */
export function EnvBadge() {
  const { goroute, exdata } = providerModes();
  const same = goroute === exdata;
  const live = goroute === 'live' || exdata === 'live';
  const label = same ? goroute.toUpperCase() : `GoRoute ${goroute.toUpperCase()} · exdata ${exdata.toUpperCase()}`;
  return (
    <span
      data-testid="env-badge"
      title={`GoRoute: ${goroute} mode, exdata: ${exdata} mode`}
      className={`rounded px-2 py-0.5 text-xs font-bold tracking-wide ${live ? 'bg-red-600 text-white' : 'bg-amber-300 text-amber-950'}`}
    >
      {label}
    </span>
  );
}
