import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '@/db/schema';
import { minutesUpTo, readSetting } from '@/lib/settings/values';
import type { Executor } from './transition';

// A week: longer than any provider legitimately takes, short enough that "pending too long" still means something.
const pendingWindow = minutesUpTo(7).positive();

/** How long each provider state may last before it counts as "pending too long" (admin setting). */
export const PendingWindows = z.object({
  exdata_pending_minutes: pendingWindow.default(15),
  goroute_pending_minutes: pendingWindow.default(5),
  goroute_processing_minutes: pendingWindow.default(5),
  goroute_sending_minutes: pendingWindow.default(10),
});
export type PendingWindows = z.infer<typeof PendingWindows>;

export async function pendingWindows(db: Executor): Promise<PendingWindows> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'pending_windows'));
  return readSetting(PendingWindows, row?.value);
}
