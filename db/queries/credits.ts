import { eq, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { documents, settings } from '@/db/schema';
import { CREDITS_KEY, heldByCredits, readCredits, type CreditsState } from '@/lib/rules/credits';

/** Whether uploads are paused after a 402, and since when (the first 402 of this pause). */
export async function creditsState(db: Executor): Promise<CreditsState> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, CREDITS_KEY));
  return readCredits(row?.value);
}

/** After a 402 every automatic exdata loop stops until a person confirms credits are back. */
export async function creditsExhausted(db: Executor): Promise<boolean> {
  return (await creditsState(db)).paused;
}

/** How many documents the pause holds, counting at most `cap`. */
export async function countHeldByCredits(db: Executor, paused: boolean, cap = 1000): Promise<number> {
  const held = db.select({ id: documents.id }).from(documents).where(heldByCredits(paused)).limit(cap).as('held');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(held);
  return row?.n ?? 0;
}
