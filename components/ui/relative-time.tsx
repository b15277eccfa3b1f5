import { formatAge, formatDateTime } from '@/lib/format';

/** "12 min ago", with the exact UTC time on hover and for screen readers. */
export function RelativeTime({ at, suffix = ' ago' }: { at: Date | null | undefined; suffix?: string }) {
  if (!at) return <span className="text-slate-400">—</span>;
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at)} className="whitespace-nowrap">
      {formatAge(at)}
      {suffix}
    </time>
  );
}
