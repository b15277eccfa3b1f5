export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * One value from the URL. A NUL byte becomes U+FFFD: PostgreSQL text cannot hold NUL, so a query parameter
 * containing one failed with "invalid byte sequence" (a 500, or a CSV export cut off) — while the value, taken
 * literally, simply matches nothing, which is what the replacement character makes it do.
 */
export function single(value: string | string[] | undefined | null): string | undefined {
  return typeof value === 'string' && value !== '' ? value.replaceAll('\u0000', '\uFFFD') : undefined;
}

/** A filter value from the URL, kept only if it is one of the allowed values (anything else is ignored). */
export function pickEnum<T extends string>(value: string | string[] | undefined, allowed: readonly T[]): T | undefined {
  const v = single(value);
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** A YYYY-MM-DD day from the URL as a UTC date (`endOfDay` = the next midnight, for exclusive upper bounds). */
export function pickDay(value: string | string[] | undefined, endOfDay = false): Date | undefined {
  const v = single(value);
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  return endOfDay ? new Date(d.getTime() + 86_400_000) : d;
}
