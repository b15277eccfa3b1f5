/**
 * How long a provider asked us to wait, in ms. `Retry-After` is either delta-seconds or an
 * HTTP-date (RFC 9110 §10.2.3); exdata also puts `retry_after` (seconds) in the body. When both are
 * present the longer wins: "back off at least that long".
 */
export function parseRetryAfter(header: string | undefined | null, nowMs: number): number | null {
  if (header == null) return null;
  const value = header.trim();
  if (value === '') return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only a real date: Date.parse accepts bare numbers and odd strings we would rather ignore.
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

export function retryAfterFromBody(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value * 1000);
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  return null;
}

export function longest(...values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
}
