import type { z } from 'zod';

/** undici hands repeated headers as arrays; one comma-joined string per lower-case name is all we read. */
export function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw))
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Empty means "no body"; anything unparsable is reported, not thrown. */
export function decodeJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  const text = Buffer.from(bytes).toString('utf8');
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The first few zod issues, for a BAD_RESPONSE message (paths and expectations, never values). */
export function issuesOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
