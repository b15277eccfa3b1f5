export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A filter value from the URL, kept only if it is one of the allowed values (anything else is ignored). */
export function pickEnum<T extends string>(value: string | string[] | undefined, allowed: readonly T[]): T | undefined {
  const v = single(value);
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}
