import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '@/db/schema';
import type { Executor } from '@/db/client';
import { minutesUpTo, readSetting } from '@/lib/rules/setting-values';

/**
 * When the evaluated alert rules fire, and how often one alert may notify (admin setting `alert_thresholds`).
 * Each has a ceiling an operator would never need to pass: beyond it the rule would in effect be switched off.
 */
export const AlertThresholds = z.object({
  failure_rate_percent: z.number().min(0).max(100, 'Must be at most 100 (%)').default(10),
  failure_rate_window_minutes: minutesUpTo(1).positive().default(15),
  signature_failures_per_hour: z.number().int().positive().max(100_000, 'Must be at most 100000 per hour').default(5),
  webhook_silence_minutes: minutesUpTo(7).positive().default(60),
  // Failed password sign-ins, all accounts and clients together, within SIGN_IN_BURST_MINUTES.
  sign_in_failures_per_15_minutes: z
    .number()
    .int()
    .positive()
    .max(100_000, 'Must be at most 100000 per 15 minutes')
    .default(20),
  // Quiet period per condition (dedupe key): a flapping condition does not page every minute.
  notify_cooldown_minutes: minutesUpTo(1).min(0).default(30),
});
export type AlertThresholds = z.infer<typeof AlertThresholds>;

export async function alertThresholds(db: Executor): Promise<AlertThresholds> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'alert_thresholds'));
  return readSetting(AlertThresholds, row?.value);
}
