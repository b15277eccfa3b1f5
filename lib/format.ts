const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** "3 Dec 2026, 17:45:12 UTC": a moment for people, to the second, always in UTC (the providers' and logs' zone). */
export function formatDateTime(value: Date | null | undefined) {
  return value ? `${dateTime.format(value)} UTC` : '—';
}

/** "2026-12-03 17:45:12 UTC": the exact moment, unambiguous in any locale, as shown in a time's tooltip. */
export function formatTimestamp(value: Date) {
  return `${value.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "3 min", "5 h", "2 d": how long ago, for ages and pending times. */
export function formatAge(from: Date, now = new Date()) {
  const seconds = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

// One formatter per currency: constructing an Intl.NumberFormat costs ~100 µs, formatting with one ~1 µs, and a
// list page formats an amount per row.
const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Money arrives as a decimal string from PostgreSQL numeric; Intl formats the string exactly,
 * so no float ever touches an amount.
 */
export function formatMoney(amount: string | null | undefined, currency: string | null | undefined) {
  if (amount == null) return '—';
  const code = currency ?? 'EUR';
  try {
    let format = moneyFormats.get(code);
    if (!format) {
      format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: code });
      moneyFormats.set(code, format);
    }
    return format.format(amount as unknown as number);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

/** A byte count for people: 512 B, 4 KiB, 1.2 MiB. */
export function formatBytes(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
}
