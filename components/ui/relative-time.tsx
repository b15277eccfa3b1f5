import type { ReactElement, ReactNode } from 'react';
import { formatAge, formatDateTime, formatTimestamp } from '@/lib/format';
import { cn, focusRing } from './cn';
import { Tooltip, TooltipContent, TooltipTrigger } from './tooltip';

// Server components on purpose: every text here ("12 min ago" depends on the moment of rendering) is computed once,
// on the server, and reaches the browser as rendered; the tooltip (a client component) only receives those strings,
// so hydration finds exactly what the server sent. Import these from server components only — in a client
// component the age would be computed again, at another moment, and hydration would not match.

/**
 * Shows the exact moment — "2026-12-03 17:45:12 UTC" — in a tooltip on hover and on keyboard focus of `children`,
 * which must be one focusable element (a link, or a <time> with tabIndex).
 */
export function TimeTooltip({ at, children }: { at: Date; children: ReactElement }) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>{children}</TooltipTrigger>
      <TooltipContent>{formatTimestamp(at)}</TooltipContent>
    </Tooltip>
  );
}

function FocusableTime({ at, className, children }: { at: Date; className?: string; children: ReactNode }) {
  return (
    <TimeTooltip at={at}>
      <time
        dateTime={at.toISOString()}
        // Focusable, so a keyboard reaches the tooltip as a pointer does.
        tabIndex={0}
        className={cn('whitespace-nowrap rounded-sm', focusRing, className)}
      >
        {children}
      </time>
    </TimeTooltip>
  );
}

/** "12 min ago" (seconds under 90 s), with the exact time and zone in a tooltip. */
export function RelativeTime({ at, suffix = ' ago' }: { at: Date | null | undefined; suffix?: string }) {
  if (!at) return <span className="text-slate-400">—</span>;
  return (
    <FocusableTime at={at}>
      {formatAge(at)}
      {suffix}
    </FocusableTime>
  );
}

/** "3 Dec 2026, 17:45:12 UTC", with the exact time in a tooltip too: timelines and lists show the moment itself. */
export function DateTime({ at, className }: { at: Date | null | undefined; className?: string }) {
  if (!at) return <span className="text-slate-400">—</span>;
  return (
    <FocusableTime at={at} className={className}>
      {formatDateTime(at)}
    </FocusableTime>
  );
}
