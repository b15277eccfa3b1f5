import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { settings, timelineEvents } from '@/db/schema';
import type { Enqueue } from '@/db/transaction';
import { queues } from '@/lib/jobs/queues';
import { CREDITS_ALERT_KEY, CREDITS_KEY, heldTitle } from '@/lib/rules/credits';
import { raiseAlert } from './alerts';

/**
 * Pauses uploads and raises the credits alert. A 402 during a pause keeps the pause's start, so "paused since"
 * and the held note (one per pause) stay put. With `enqueue` (the caller's transaction) the alert's
 * notification is queued in the same commit when the alert opens.
 */
export async function markCreditsExhausted(
  db: Executor,
  detail: { documentId: string; requestId: string | null },
  enqueue?: Enqueue,
) {
  const value = { exhausted: true, since: new Date().toISOString(), ...detail };
  await db
    .insert(settings)
    .values({ key: CREDITS_KEY, value })
    .onConflictDoUpdate({
      target: settings.key,
      set: {
        value: sql`case when (${settings.value}->>'exhausted')::boolean then ${settings.value} else excluded.value end`,
        updatedAt: new Date(),
      },
    });
  const raised = await raiseAlert(db, {
    rule: 'insufficient_credits',
    severity: 'critical',
    title: 'exdata has no credits left: uploads are paused',
    // The key the seed uses too, so one open credits alert is bumped rather than joined by a second.
    dedupeKey: CREDITS_ALERT_KEY,
    detail,
  });
  if (raised.opened && enqueue) await enqueue(queues.alertNotify, { alertId: raised.id });
}

/**
 * Says on the document's timeline that the pause holds it — once per pause, however many jobs find it held
 * (the pause's start is kept in the event and compared in the same statement).
 */
export async function noteHeldByCredits(db: Executor, documentId: string, since: Date | null) {
  const pausedSince = since?.toISOString() ?? null;
  await db.execute(sql`
    insert into ${timelineEvents} (document_id, kind, title, detail)
    select ${documentId}::uuid, 'system', ${heldTitle(since)}, ${JSON.stringify({ heldBy: CREDITS_KEY, pausedSince })}::jsonb
    where not exists (
      select 1 from ${timelineEvents}
       where ${timelineEvents.documentId} = ${documentId}::uuid and ${timelineEvents.kind} = 'system'
         and ${timelineEvents.detail}->>'heldBy' = ${CREDITS_KEY} and ${timelineEvents.detail}->>'pausedSince' is not distinct from ${pausedSince}::text)`);
}
