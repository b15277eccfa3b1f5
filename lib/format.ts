const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatDateTime(value: Date | null | undefined) {
  return value ? `${dateTime.format(value)} UTC` : '—';
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

/**
 * Money arrives as a decimal string from PostgreSQL numeric; Intl formats the string exactly,
 * so no float ever touches an amount.
 */
export function formatMoney(amount: string | null | undefined, currency: string | null | undefined) {
  if (amount == null) return '—';
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency ?? 'EUR' }).format(amount as unknown as number);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}
