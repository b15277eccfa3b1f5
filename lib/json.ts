/** Reading untrusted JSON (webhook and API payloads) without trusting its shape. */

/** A non-empty string, or null for anything else. */
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** A plain object, or an empty one for anything else (arrays included). */
export const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
