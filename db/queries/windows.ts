import { eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { settings } from '@/db/schema';
import { PendingWindows } from '@/lib/rules/pending-windows';
import { readSetting } from '@/lib/rules/setting-values';

/** The pending windows as an admin set them (defaults where unset). */
export async function pendingWindows(db: Executor): Promise<PendingWindows> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'pending_windows'));
  return readSetting(PendingWindows, row?.value);
}
