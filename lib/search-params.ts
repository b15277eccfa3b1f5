import { normalizeParticipantId } from '@/lib/identifiers';

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

/** A filter the URL asked for that the list did not apply, and why (shown by components/ui/ignored-filters.tsx). */
export type IgnoredFilter = { name: string; value: string; reason: string };

/** How one URL filter is read: the value to filter by, or the reason it cannot be used. */
export type FilterRule<T> = (value: string) => { value: T } | { reason: string };

type Rules = Record<string, FilterRule<unknown>>;
/** What parseFilters reads by a set of rules: each filter's value, when the URL gave a usable one. */
export type FilterValues<R extends Rules> = { [K in keyof R]?: R[K] extends FilterRule<infer T> ? T : never };

/** One of a fixed set of values; `what` names it in the note ("not a known state"). */
export function oneOf<T extends string>(allowed: readonly T[], what: string): FilterRule<T> {
  return (v) => ((allowed as readonly string[]).includes(v) ? { value: v as T } : { reason: `not a known ${what}` });
}

/** Free text compared as a literal, cut to `max` characters (the columns it is compared with are no longer). */
export function text(max: number): FilterRule<string> {
  return (v) => ({ value: v.slice(0, max) });
}

/** A calendar day as YYYY-MM-DD, kept as that text (pickDay turns it into the bound). */
export const day: FilterRule<string> = (v) => (pickDay(v) ? { value: v } : { reason: 'not a date (YYYY-MM-DD)' });

/** A Peppol participant ID, in the normal form it is stored in (lib/identifiers.ts). */
export const participantId: FilterRule<string> = (v) => {
  const id = normalizeParticipantId(v);
  return id ? { value: id } : { reason: 'not a Peppol participant ID (scheme:identifier, e.g. 0208:0123456749)' };
};

/** An ISO 3166 two-letter country code, in capitals as stored. */
export const countryCode: FilterRule<string> = (v) =>
  /^\s*[a-z]{2}\s*$/i.test(v)
    ? { value: v.trim().toUpperCase() }
    : { reason: 'not a two-letter country code (e.g. BE)' };

/**
 * Reads a list's filters from the URL by their rules. A value no rule accepts, or a filter given twice, is left out
 * of `values` and listed in `ignored`, so the list can say what it did not apply instead of silently showing more.
 * An empty value (an untouched field of a filter form) is simply no filter.
 */
export function parseFilters<R extends Rules>(
  params: Record<string, string | string[] | undefined>,
  rules: R,
): { values: FilterValues<R>; ignored: IgnoredFilter[] } {
  const values: Record<string, unknown> = {};
  const ignored: IgnoredFilter[] = [];
  for (const [name, rule] of Object.entries(rules)) {
    const raw = params[name];
    if (Array.isArray(raw)) {
      const given = raw.map((v) => single(v)).filter((v) => v !== undefined);
      if (given.length > 0)
        ignored.push({ name, value: given.join(', '), reason: 'given more than once; choose one value' });
      continue;
    }
    const v = single(raw);
    if (v === undefined) continue;
    const read = rule(v);
    if ('value' in read) values[name] = read.value;
    else ignored.push({ name, value: v, reason: read.reason });
  }
  return { values: values as FilterValues<R>, ignored };
}
