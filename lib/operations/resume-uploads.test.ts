// The exdata credits pause end to end on real PostgreSQL: a document that finds uploads paused is held visibly (its
// timeline once, the pending view, the document page), the credits alert stays open while anything is held, and
// resuming hands every held document back to the upload job in one transaction with its audit row.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, desc, eq, like, sql } from 'drizzle-orm';
import { alerts, auditLog, documents, settings, timelineEvents, webhookDeliveries } from '@/db/schema';
import type { PipelineState } from '@/db/schema/enums';
import { getDocumentDetail } from '@/db/queries/document-detail';
import { listPendingTooLong } from '@/db/queries/pending';
import { evaluateAlerts } from '@/lib/alerts/evaluate';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { uploadDocument } from '@/worker/handlers/upload-document';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/db/transaction';
import { creditsState } from '@/db/queries/credits';
import { markCreditsExhausted } from '@/lib/pipeline/credits';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { retryUpload } from './retry';
import { resumeUploads } from './resume-uploads';

describe.each(testServers())('exdata credits pause on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  const as: Record<string, SessionUser> = {};
  const deps = () => ({ db: t.db, pool: t.pool, boss: t.boss });

  const uploadJobs = async (documentId: string) =>
    Number(
      (
        await t.db.execute(
          sql`select count(*) as n from pgboss.job where name = ${queues.documentUpload} and data->>'documentId' = ${documentId}`,
        )
      ).rows[0]!.n,
    );
  const heldNotes = (documentId: string) =>
    t.db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.documentId, documentId), like(timelineEvents.title, 'Held:%')));
  const creditsAlerts = () =>
    t.db.select().from(alerts).where(eq(alerts.rule, 'insufficient_credits')).orderBy(alerts.firstSeenAt);
  const openCreditsAlerts = async () => (await creditsAlerts()).filter((a) => a.status !== 'resolved');
  const resumeAudits = () =>
    t.db.select().from(auditLog).where(eq(auditLog.targetId, 'exdata-credits-resume')).orderBy(desc(auditLog.id));
  const row = async (id: string) => (await t.db.select().from(documents).where(eq(documents.id, id)))[0]!;

  async function doc(state: PipelineState, more: Partial<typeof documents.$inferInsert> = {}) {
    const n = randomUUID().slice(0, 8);
    const [d] = await t.db
      .insert(documents)
      .values({
        sourceId: `SRC-H-${n}`,
        uploadIdempotencyKey: `upload:SRC-H-${n}:1`,
        filename: 'h.pdf',
        fileFormat: 'pdf',
        fileSize: 1,
        pipelineState: state,
        ...more,
      })
      .returning();
    return d!;
  }
  /** What the upload job does on a 402: the document blocked for credits, uploads paused, the alert raised. */
  async function a402() {
    const blocked = await doc('blocked', {
      lastErrorCode: 'insufficient_credits',
      exdataStatus: 'blocked',
      exdataDocumentId: `doc_${randomUUID().slice(0, 12)}`,
      blockedReason: 'exdata has no credits left',
    });
    await inTransaction(t.pool, t.boss, (tx, enqueue) =>
      markCreditsExhausted(tx, { documentId: blocked.id, requestId: 'req-402' }, enqueue),
    );
    return blocked;
  }

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    Object.assign(as, await demoSessionUsers(t.db));
  });
  afterAll(() => t?.drop());
  beforeEach(async () => {
    await t.db.execute(sql`truncate alert_notifications, alerts, webhook_deliveries, transactions, documents cascade`);
    await t.db.execute(sql`delete from pgboss.job`);
    await t.db.delete(settings).where(eq(settings.key, 'exdata_credits'));
    // Both providers answered a moment ago, so webhook silence stays out of the evaluations below.
    await t.db.insert(webhookDeliveries).values(
      ['exdata', 'goroute'].map((provider) => ({
        provider: provider as 'exdata' | 'goroute',
        deliveryId: randomUUID(),
        headers: {},
        signatureResult: 'valid' as const,
      })),
    );
  });

  it('holds a document that finds uploads paused: said once on its timeline, shown on its page and in the pending view, no job left', async () => {
    await a402();
    const { since } = await creditsState(t.db);
    const received = await doc('received');
    const retrying = await doc('uploading');
    for (let i = 0; i < 3; i++) {
      expect(await uploadDocument(deps(), { documentId: received.id })).toBe('held: exdata credits exhausted');
      expect(await uploadDocument(deps(), { documentId: retrying.id, attempt: 2 })).toBe(
        'held: exdata credits exhausted',
      );
    }
    for (const d of [received, retrying]) {
      const notes = await heldNotes(d.id);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.title).toMatch(/^Held: exdata credits exhausted, uploads paused since .+ UTC$/);
      expect(await uploadJobs(d.id)).toBe(0);
    }
    expect((await row(received.id)).pipelineState).toBe('received');

    // A second 402 during the pause keeps the pause's start (and so the one note per pause).
    await a402();
    expect((await creditsState(t.db)).since).toEqual(since);
    await uploadDocument(deps(), { documentId: received.id });
    expect(await heldNotes(received.id)).toHaveLength(1);

    const detail = await getDocumentDetail(received.id, t.db);
    expect(detail!.credits).toEqual({ paused: true, since });
    expect(detail!.timeline.map((e) => e.event.title)).toContain((await heldNotes(received.id))[0]!.title);
    // Past their windows (10 and 15 min by default) they are pending too long, marked as held.
    const later = new Date(Date.now() + 16 * 60_000);
    const pending = await listPendingTooLong(200, t.db, later);
    expect(
      pending.exdata
        .filter((d) => d.heldByCredits)
        .map((d) => d.id)
        .sort(),
    ).toEqual([received.id, retrying.id].sort());
  });

  it('keeps the credits alert open while anything is held, and resolves it once uploads are resumed and nothing is held', async () => {
    const blocked = await a402();
    const held = await doc('received');
    await uploadDocument(deps(), { documentId: held.id });
    expect(await openCreditsAlerts()).toHaveLength(1);
    await evaluateAlerts(deps());
    expect(await openCreditsAlerts()).toHaveLength(1);

    // Resolved by hand while the pause lasts: the next evaluation opens it again (and notifies).
    await t.db
      .update(alerts)
      .set({ status: 'resolved', resolvedAt: new Date() })
      .where(eq(alerts.rule, 'insufficient_credits'));
    await evaluateAlerts(deps());
    expect(await openCreditsAlerts()).toHaveLength(1);
    expect(await creditsAlerts()).toHaveLength(2);

    const { since } = await creditsState(t.db);
    const r = await resumeUploads(deps(), as.support!, since!.toISOString());
    expect(r).toEqual({ ok: true, data: { resumed: 1, reuploaded: 1 } });
    await evaluateAlerts(deps());
    expect(await openCreditsAlerts()).toHaveLength(0);
    expect(await uploadJobs(held.id)).toBe(1);
    expect(await uploadJobs(blocked.id)).toBe(1);
  });

  it('stays open after the pause ends while a document blocked for credits waits for its new upload', async () => {
    const blocked = await a402();
    await t.db
      .update(settings)
      .set({ value: { exhausted: false } })
      .where(eq(settings.key, 'exdata_credits'));
    await evaluateAlerts(deps());
    expect(await openCreditsAlerts()).toHaveLength(1);
    expect(await resumeUploads(deps(), as.support!, null)).toEqual({ ok: true, data: { resumed: 0, reuploaded: 1 } });
    expect(await row(blocked.id)).toMatchObject({ pipelineState: 'received' });
    await evaluateAlerts(deps());
    expect(await openCreditsAlerts()).toHaveLength(0);
  });

  it('hands every document the pause held back to the upload job in one transaction, with new keys after a 402, and audits it', async () => {
    const blocked = await a402();
    const { since } = await creditsState(t.db);
    const held = await Promise.all([doc('received'), doc('received'), doc('uploading')]);
    const bystander = await doc('in_review');
    for (const d of held) await uploadDocument(deps(), { documentId: d.id });

    expect(await resumeUploads(deps(), as.support!, since!.toISOString())).toEqual({
      ok: true,
      data: { resumed: 3, reuploaded: 1 },
    });
    for (const d of [...held, blocked]) expect(await uploadJobs(d.id)).toBe(1);
    expect(await uploadJobs(bystander.id)).toBe(0);
    expect(await row(blocked.id)).toMatchObject({
      pipelineState: 'received',
      uploadAttempt: 2,
      uploadIdempotencyKey: `${blocked.uploadIdempotencyKey.replace(/:1$/, '')}:2`,
      exdataDocumentId: null,
      blockedReason: null,
    });
    expect(await creditsState(t.db)).toEqual({ paused: false, since: null });
    const [audit] = await resumeAudits();
    expect(audit).toMatchObject({
      action: 'document.retry',
      actorId: as.support!.id,
      targetType: 'bulk',
      before: { paused: true },
      after: { paused: false, resumed: 3, reuploaded: 1 },
    });
    const people = await t.db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.kind, 'human'), eq(timelineEvents.actorId, as.support!.id)));
    expect(people.map((e) => e.documentId).sort()).toEqual([...held, blocked].map((d) => d.id).sort());

    // The held documents now upload as usual: the next job does not find a pause.
    expect(await uploadDocument(deps(), { documentId: held[0]!.id })).not.toMatch(/^held/);
  });

  it('refuses roles without documents:retry, a page that saw another pause, and a resume with nothing held', async () => {
    const audited = (await resumeAudits()).length;
    await expect(resumeUploads(deps(), as.finance!, null)).rejects.toThrow(ForbiddenError);
    await expect(resumeUploads(deps(), as.manager!, null)).rejects.toThrow(ForbiddenError);
    expect(await resumeUploads(deps(), as.support!, null)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no document is held back/),
    });

    await a402();
    const held = await doc('received');
    const stale = await resumeUploads(deps(), as.admin!, '1970-01-01T00:00:00.000Z');
    expect(stale).toMatchObject({
      ok: false,
      error: expect.stringMatching(/paused or resumed after this page was loaded/),
    });
    expect(await resumeUploads(deps(), as.admin!, null)).toMatchObject({ ok: false });
    expect((await creditsState(t.db)).paused).toBe(true);
    expect(await uploadJobs(held.id)).toBe(0);
    expect(await resumeAudits()).toHaveLength(audited);
  });

  it('lets a single re-upload after a 402 lift the pause for every held document, not only its own', async () => {
    const blocked = await a402();
    const held = await doc('received');
    await uploadDocument(deps(), { documentId: held.id });
    expect(await retryUpload({ pool: t.pool, boss: t.boss }, as.support!, blocked.id)).toEqual({ ok: true });
    expect(await uploadJobs(blocked.id)).toBe(1);
    expect(await uploadJobs(held.id)).toBe(1);
    expect((await creditsState(t.db)).paused).toBe(false);
  });
});
