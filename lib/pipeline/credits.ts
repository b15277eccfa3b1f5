import { eq } from 'drizzle-orm';
import { settings } from '@/db/schema';
import { queues } from '@/lib/jobs/queues';
import type { Enqueue } from '@/lib/jobs/transaction';
import { raiseAlert } from './alerts';
import type { Executor } from './transition';

const KEY = 'exdata_credits';

/** After a 402 every automatic exdata loop stops until a person confirms credits are back. */
export async function creditsExhausted(db: Executor): Promise<boolean> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  return Boolean((row?.value as { exhausted?: boolean } | undefined)?.exhausted);
}

/**
 * Pauses uploads and raises the credits alert. With `enqueue` (the caller's transaction) the alert's
 * notification is queued in the same commit when the alert opens; the alerts evaluator resolves it
 * once a person resumes uploads.
 */
export async function markCreditsExhausted(db: Executor, detail: { documentId: string; requestId: string | null }, enqueue?: Enqueue) {
  const value = { exhausted: true, since: new Date().toISOString(), ...detail };
  await db.insert(settings).values({ key: KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
  const raised = await raiseAlert(db, {
    rule: 'insufficient_credits',
    severity: 'critical',
    title: 'exdata has no credits left: uploads are paused',
    // The key the seed uses too, so one open credits alert is bumped rather than joined by a second.
    dedupeKey: 'insufficient_credits:exdata',
    detail,
  });
  if (raised.opened && enqueue) await enqueue(queues.alertNotify, { alertId: raised.id });
}
