import { eq, sql } from 'drizzle-orm';
import { documents, settings, timelineEvents } from '@/db/schema';
import { assertCan } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { inTransaction, type EnqueueMany } from '@/db/transaction';
import {
  blockedForCredits,
  CREDITS_ERROR_CODE,
  CREDITS_KEY,
  readCredits,
  waitingForPause,
  type CreditsState,
} from '@/lib/rules/credits';
import { recordAudit } from '@/lib/pipeline/audit-trail';
import type { Executor } from '@/db/client';
import type { ActionDeps } from '@/lib/actions';

type Deps = Pick<ActionDeps, 'pool' | 'boss'>;
type Actor = Pick<SessionUser, 'id' | 'email'>;

export type ResumeResult = { ok: true; data: { resumed: number; reuploaded: number } } | { ok: false; error: string };

/** The pause, read under a row lock so two people resuming at once act one after the other. */
async function lockedPause(tx: Executor): Promise<CreditsState> {
  const [row] = await tx
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, CREDITS_KEY))
    .for('update');
  return readCredits(row?.value);
}

/** Compared as instants: the page sends the pause's start back as it rendered it. */
const samePause = (since: Date | null, seen: string | null) =>
  since === null || seen === null ? since === seen : since.getTime() === new Date(seen).getTime();

const enqueueUploads = (enqueueMany: EnqueueMany, ids: string[]) =>
  ids.length > 0
    ? enqueueMany(
        queues.documentUpload,
        ids.map((documentId) => ({ documentId })),
      )
    : Promise.resolve();

/**
 * Lifts the credits pause and hands every document it held (received or uploading: their jobs found the pause
 * and left nothing queued) back to the upload job, in the caller's transaction. Without a pause there is
 * nothing to lift: received documents then still have their job. Returns the documents handed back.
 */
export async function releaseHeldUploads(
  tx: Executor,
  enqueueMany: EnqueueMany,
  actor: Actor,
  opts: { except?: string } = {},
): Promise<string[]> {
  const pause = await lockedPause(tx);
  if (!pause.paused) return [];
  await tx
    .update(settings)
    .set({
      value: {
        exhausted: false,
        pausedSince: pause.since?.toISOString() ?? null,
        resumedBy: actor.email,
        resumedAt: new Date().toISOString(),
      },
      updatedBy: actor.id,
      updatedAt: new Date(),
    })
    .where(eq(settings.key, CREDITS_KEY));
  // One statement however many the pause held: the timeline row says who let each one go.
  const { rows } = await tx.execute<{ id: string }>(sql`
    insert into ${timelineEvents} (document_id, kind, title, actor_id)
    select ${documents.id}, 'human', 'Uploads resumed: handed back to the upload job', ${actor.id}::uuid from ${documents}
     where ${waitingForPause()} and ${documents.id} is distinct from ${opts.except ?? null}::uuid
    returning document_id as id`);
  const ids = rows.map((r) => r.id);
  await enqueueUploads(enqueueMany, ids);
  return ids;
}

/**
 * Every document exdata blocked for credits goes back to `received` with a NEW idempotency key (docs/providers.md:
 * exdata answers the old key with the blocked document) and is queued for upload.
 */
async function reuploadBlockedForCredits(tx: Executor, enqueueMany: EnqueueMany, actor: Actor): Promise<string[]> {
  const { rows } = await tx.execute<{ id: string; key: string }>(sql`
    update ${documents} set
      pipeline_state = 'received', upload_attempt = upload_attempt + 1, upload_idempotency_key = 'upload:' || source_id || ':' || (upload_attempt + 1),
      exdata_document_id = null, exdata_status = null, blocked_reason = null, blocked_at = null, blocked_by = null, state_changed_at = now(), updated_at = now()
     where ${blockedForCredits()}
    returning id, upload_idempotency_key as key`);
  if (rows.length === 0) return [];
  await tx.execute(sql`
    insert into ${timelineEvents} (document_id, kind, title, from_state, to_state, actor_id, detail)
    select r.id, 'human', 'Uploaded again with a new idempotency key after exdata credits were restored', 'blocked', 'received', ${actor.id}::uuid, jsonb_build_object('idempotencyKey', r.key)
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, key text)`);
  const ids = rows.map((r) => r.id);
  await enqueueUploads(enqueueMany, ids);
  return ids;
}

/**
 * "Resume uploads" once exdata credits are back: lifts the pause and moves on everything it held back — the
 * documents the pause kept waiting and those exdata blocked for credits — in one transaction with its audit row.
 * `pausedSince` is the pause the person saw (null: none); a pause that began or ended since is refused, so nobody
 * resumes a pause they have not seen.
 */
export async function resumeUploads(deps: Deps, user: SessionUser, pausedSince: string | null): Promise<ResumeResult> {
  assertCan(user, 'documents:retry');
  return inTransaction(deps.pool, deps.boss, async (tx, _enqueue, enqueueMany) => {
    const pause = await lockedPause(tx);
    if (!samePause(pause.since, pausedSince))
      return {
        ok: false,
        error: 'Uploads were paused or resumed after this page was loaded. Reload it and check again.',
      };
    const [blocked] = await tx.select({ id: documents.id }).from(documents).where(blockedForCredits()).limit(1);
    if (!pause.paused && !blocked)
      return { ok: false, error: 'Uploads are running and no document is held back by exdata credits.' };
    const resumed = await releaseHeldUploads(tx, enqueueMany, user);
    const reuploaded = await reuploadBlockedForCredits(tx, enqueueMany, user);
    await recordAudit(tx, {
      actor: user,
      action: 'document.retry',
      target: { type: 'bulk', id: 'exdata-credits-resume' },
      before: { paused: pause.paused, pausedSince: pause.since?.toISOString() ?? null },
      after: { paused: false, resumed: resumed.length, reuploaded: reuploaded.length },
      note: `Resumed uploads: ${resumed.length} held, ${reuploaded.length} blocked for credits (${CREDITS_ERROR_CODE}) uploaded again`,
    });
    return { ok: true, data: { resumed: resumed.length, reuploaded: reuploaded.length } };
  });
}
