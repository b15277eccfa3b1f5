import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { documents, settings, timelineEvents } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import { queues } from '@/lib/jobs/queues';
import type { Enqueue } from '@/lib/jobs/transaction';
import { raiseAlert } from './alerts';
import type { Executor } from './transition';

export const CREDITS_KEY = 'exdata_credits';
/** The one credits alert: the 402 raises it, the evaluator keeps it open while anything is held. */
export const CREDITS_ALERT_KEY = 'insufficient_credits:exdata';
/** The code a 402 (or exdata's document.blocked for credits) leaves on the document. */
export const CREDITS_ERROR_CODE = 'insufficient_credits';

export type CreditsState = { paused: boolean; since: Date | null };

type Stored = { exhausted?: boolean; since?: string };

/** The stored exdata_credits value as the pause it describes (a start that is no date reads as unknown). */
export function readCredits(stored: unknown): CreditsState {
  const value = (stored && typeof stored === 'object' ? stored : {}) as Stored;
  const paused = value.exhausted === true;
  const since = paused && typeof value.since === 'string' ? new Date(value.since) : null;
  return { paused, since: since && !Number.isNaN(since.getTime()) ? since : null };
}

/** Whether uploads are paused after a 402, and since when (the first 402 of this pause). */
export async function creditsState(db: Executor): Promise<CreditsState> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, CREDITS_KEY));
  return readCredits(row?.value);
}

/** After a 402 every automatic exdata loop stops until a person confirms credits are back. */
export async function creditsExhausted(db: Executor): Promise<boolean> {
  return (await creditsState(db)).paused;
}

/** Documents the pause keeps from uploading while it lasts: their upload jobs found it and left nothing queued. */
export const waitingForPause = () => sql`${documents.pipelineState} in ('received', 'uploading')`;

/**
 * Documents exdata blocked for credits: only a new upload (new idempotency key) after credits are back moves them
 * on. Automation's block only (blocked_by empty): a person's block is theirs to lift (lib/rules/documents.ts).
 */
export const blockedForCredits = () => and(eq(documents.pipelineState, 'blocked'), isNull(documents.blockedBy), eq(documents.lastErrorCode, CREDITS_ERROR_CODE))!;

/** Documents held back by exdata credits: both of the above while uploads are paused, the blocked ones always. */
export function heldByCredits(paused: boolean) {
  return paused ? or(waitingForPause(), blockedForCredits())! : blockedForCredits();
}

/** How many documents the pause holds, counting at most `cap`. */
export async function countHeldByCredits(db: Executor, paused: boolean, cap = 1000): Promise<number> {
  const held = db.select({ id: documents.id }).from(documents).where(heldByCredits(paused)).limit(cap).as('held');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(held);
  return row?.n ?? 0;
}

/**
 * Pauses uploads and raises the credits alert. A 402 during a pause keeps the pause's start, so "paused since"
 * and the held note (one per pause) stay put. With `enqueue` (the caller's transaction) the alert's
 * notification is queued in the same commit when the alert opens.
 */
export async function markCreditsExhausted(db: Executor, detail: { documentId: string; requestId: string | null }, enqueue?: Enqueue) {
  const value = { exhausted: true, since: new Date().toISOString(), ...detail };
  await db
    .insert(settings)
    .values({ key: CREDITS_KEY, value })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: sql`case when (${settings.value}->>'exhausted')::boolean then ${settings.value} else excluded.value end`, updatedAt: new Date() },
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

export const heldTitle = (since: Date | null) => `Held: exdata credits exhausted, uploads paused since ${since ? formatDateTime(since) : 'a 402'}`;

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
