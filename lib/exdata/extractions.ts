import { z } from 'zod';

/** One extracted field: "use value for automation and candidates for review". */
type ExtractedField = { value: unknown; candidates: string[] | null };
export type Extractions = Record<string, ExtractedField>;

// Money and rates must never pass through float arithmetic (a house rule: money is decimal strings or integer cents).
// exdata documents them as strings ("1284.60"); should a JSON number arrive anyway, it is kept as its decimal text.
const isDecimalKey = (key: string) => key.endsWith('_amount') || key === 'tax_rate';

function decimalsAsText(key: string, value: unknown): unknown {
  if (typeof value === 'number' && isDecimalKey(key)) return String(value);
  if (Array.isArray(value)) return value.map((item) => decimalsAsText(key, item));
  if (value !== null && typeof value === 'object') {
    // tax_breakdowns: [{taxable_amount, tax_amount, tax_rate, ...}]
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decimalsAsText(k, v)]));
  }
  return value;
}

const candidates = z
  .array(z.union([z.string(), z.number(), z.boolean()]).transform(String))
  .nullish()
  .catch(null)
  .transform((c) => c ?? null);

const field = z.looseObject({ value: z.unknown(), candidates });

export const extractionsBody = z.looseObject({ data: z.record(z.string(), z.unknown()) }).transform((b) => {
  const out: Extractions = {};
  for (const [key, raw] of Object.entries(b.data)) {
    const parsed = field.safeParse(raw);
    // A field that is not {value, candidates} is kept as a bare value rather than failing the whole read.
    const f = parsed.success && 'value' in (raw as object) ? parsed.data : { value: raw, candidates: null };
    out[key] = { value: decimalsAsText(key, f.value), candidates: f.candidates };
  }
  return out;
});
