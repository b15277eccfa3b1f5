'use client';

import { useLiveStatus, type LiveStatus } from './live-provider';

const shown: Record<LiveStatus, { text: string; label: string; dot: string }> = {
  connecting: { text: 'Connecting…', label: 'Live updates: connecting', dot: 'bg-slate-400' },
  live: { text: 'Live', label: 'Live updates: on, pages update as data changes', dot: 'bg-emerald-400' },
  reconnecting: {
    text: 'Reconnecting…',
    label: 'Live updates: connection lost, reconnecting; pages may be behind',
    dot: 'bg-amber-400',
  },
  polling: {
    text: 'Polling',
    label: 'Live updates: the live connection cannot be opened, checking for changes every few seconds',
    dot: 'bg-sky-400',
  },
};

/** Whether the console's pages keep up by themselves: a discreet dot and word in the sidebar's header. */
export function LiveBadge() {
  const s = shown[useLiveStatus()];
  return (
    <span
      role="status"
      aria-label={s.label}
      title={s.label}
      data-testid="live-status"
      className="inline-flex items-center gap-1.5 text-xs text-slate-300"
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${s.dot}`} />
      {s.text}
    </span>
  );
}
