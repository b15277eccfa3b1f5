import { z } from 'zod';

const MINUTES_PER_DAY = 24 * 60;

/**
 * A number of minutes an admin sets, at most `days` days. Without a ceiling a huge value is accepted and
 * quietly switches the check it drives off; the error names the limit in both units.
 */
export function minutesUpTo(days: number) {
  const max = days * MINUTES_PER_DAY;
  return z.number().max(max, `Must be at most ${max} minutes (${days} ${days === 1 ? 'day' : 'days'})`);
}

/**
 * A stored setting as its readers use it, field by field: a value saved before its bound existed (or edited
 * by hand) falls back to its default without discarding the admin's other, valid choices, and never throws.
 */
export function readSetting<S extends z.ZodObject>(schema: S, stored: unknown): z.infer<S> {
  const defaults = schema.parse({}) as Record<string, unknown>;
  const value = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const fields = Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const parsed = field.safeParse(value[name]);
    return [name, parsed.success ? parsed.data : defaults[name]];
  });
  return Object.fromEntries(fields) as z.infer<S>;
}
