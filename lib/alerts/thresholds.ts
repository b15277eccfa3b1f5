import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '@/db/schema';
import type { Executor } from '@/lib/pipeline/transition';

/** When the evaluated alert rules fire, and how often one alert may notify (admin setting `alert_thresholds`). */
export const AlertThresholds = z.object({
  failure_rate_percent: z.number().min(0).max(100).default(10),
  failure_rate_window_minutes: z.number().positive().default(15),
  signature_failures_per_hour: z.number().int().positive().default(5),
  webhook_silence_minutes: z.number().positive().default(60),
  // Quiet period per condition (dedupe key): a flapping condition does not page every minute.
  notify_cooldown_minutes: z.number().min(0).default(30),
});
export type AlertThresholds = z.infer<typeof AlertThresholds>;

export async function alertThresholds(db: Executor): Promise<AlertThresholds> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'alert_thresholds'));
  const parsed = AlertThresholds.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : AlertThresholds.parse({});
}
