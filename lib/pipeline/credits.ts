import { eq } from 'drizzle-orm';
import { settings } from '@/db/schema';
import { raiseAlert } from './alerts';
import type { Executor } from './transition';

const KEY = 'exdata_credits';

/** After a 402 every automatic exdata loop stops until a person confirms credits are back. */
export async function creditsExhausted(db: Executor): Promise<boolean> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  return Boolean((row?.value as { exhausted?: boolean } | undefined)?.exhausted);
}

export async function markCreditsExhausted(db: Executor, detail: { documentId: string; requestId: string | null }) {
  const value = { exhausted: true, since: new Date().toISOString(), ...detail };
  await db.insert(settings).values({ key: KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
  await raiseAlert(db, {
    rule: 'insufficient_credits',
    severity: 'critical',
    title: 'exdata has no credits left: uploads are paused',
    dedupeKey: 'exdata:insufficient_credits',
    detail,
  });
}
