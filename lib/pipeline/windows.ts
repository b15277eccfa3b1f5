import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '@/db/schema';
import type { Executor } from './transition';

/** How long each provider state may last before it counts as "pending too long" (admin setting). */
export const PendingWindows = z.object({
  exdata_pending_minutes: z.number().positive().default(15),
  goroute_pending_minutes: z.number().positive().default(5),
  goroute_processing_minutes: z.number().positive().default(5),
  goroute_sending_minutes: z.number().positive().default(10),
});
export type PendingWindows = z.infer<typeof PendingWindows>;

export async function pendingWindows(db: Executor): Promise<PendingWindows> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'pending_windows'));
  const parsed = PendingWindows.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : PendingWindows.parse({});
}
