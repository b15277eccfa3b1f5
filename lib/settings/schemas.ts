import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '@/db/schema';
import { AlertThresholds } from '@/lib/alerts/thresholds';
import { PendingWindows } from '@/lib/rules/pending-windows';
import type { Executor } from '@/db/client';
import { readSetting } from '../rules/setting-values';

/** How long raw provider payloads are kept before the nightly retention job clears them. */
export const Retention = z.object({
  raw_payload_days: z.number().int().min(7).max(3650, 'Must be at most 3650 days (10 years)').default(90),
});
export type Retention = z.infer<typeof Retention>;

export async function retentionSettings(db: Executor): Promise<Retention> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'retention'));
  return readSetting(Retention, row?.value);
}

/**
 * The settings an admin edits, each with the schema its readers already use, so a saved value is
 * always one the pending sweep, the alert rules and the retention job accept.
 */
export const editableSettings = {
  pending_windows: PendingWindows,
  alert_thresholds: AlertThresholds,
  retention: Retention,
} as const;
export type EditableSettingKey = keyof typeof editableSettings;

export function isEditableSettingKey(key: string): key is EditableSettingKey {
  return Object.hasOwn(editableSettings, key);
}
