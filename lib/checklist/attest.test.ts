import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, checklistAttestations } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { demoSessionUsers, freshDatabase, testServers } from '@/test/databases';
import { attestItem } from './attest';

describe.each(testServers())('attesting checklist items on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  const as: Record<string, SessionUser> = {};
  const audits = async (itemId: string) =>
    t.db.select().from(auditLog).where(eq(auditLog.targetId, itemId)).orderBy(auditLog.id);
  const attestation = async (itemId: string) =>
    (await t.db.select().from(checklistAttestations).where(eq(checklistAttestations.itemId, itemId)))[0];

  beforeAll(async () => {
    t = await freshDatabase(url);
    Object.assign(as, await demoSessionUsers(t.db));
  });
  afterAll(() => t?.drop());

  it('lets only an admin attest', async () => {
    for (const role of ['support', 'finance', 'manager']) {
      await expect(
        attestItem({ db: t.db }, as[role]!, { itemId: 'goroute.dr.runbooks', done: true, note: 'Runbooks written' }),
      ).rejects.toThrow(ForbiddenError);
    }
    expect(await attestation('goroute.dr.runbooks')).toBeUndefined();
    expect(await audits('goroute.dr.runbooks')).toHaveLength(0);
  });

  it('stores the attestation and its audit row, with before and after on a change of mind', async () => {
    expect(
      await attestItem({ db: t.db }, as.admin!, {
        itemId: 'goroute.dr.runbooks',
        done: true,
        note: '  Runbooks in the ops wiki  ',
      }),
    ).toEqual({ ok: true });
    expect(await attestation('goroute.dr.runbooks')).toMatchObject({
      done: true,
      note: 'Runbooks in the ops wiki',
      attestedBy: as.admin!.id,
    });
    expect(
      await attestItem({ db: t.db }, as.admin!, {
        itemId: 'goroute.dr.runbooks',
        done: false,
        note: 'Pager rota section still missing',
      }),
    ).toEqual({ ok: true });
    expect(await attestation('goroute.dr.runbooks')).toMatchObject({
      done: false,
      note: 'Pager rota section still missing',
    });
    const rows = await audits('goroute.dr.runbooks');
    expect(rows.map((r) => [r.action, r.targetType, r.actorId, r.before, r.after])).toEqual([
      ['checklist.attest', 'checklist', as.admin!.id, null, { done: true, note: 'Runbooks in the ops wiki' }],
      [
        'checklist.attest',
        'checklist',
        as.admin!.id,
        { done: true, note: 'Runbooks in the ops wiki' },
        { done: false, note: 'Pager rota section still missing' },
      ],
    ]);
  });

  it('refuses unknown items, items that data proves, and notes that are too short or too long', async () => {
    const tryAttest = (itemId: string, note = 'A proper note') =>
      attestItem({ db: t.db }, as.admin!, { itemId, done: true, note });
    for (const itemId of ['goroute.nonsense', 'goroute.webhooks.signature']) {
      const r = await tryAttest(itemId);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.fieldErrors?.itemId).toBeTruthy();
    }
    for (const note of ['ok', 'x'.repeat(501), 'Runbooks\u0000 written', 'Runbooks in \u202Eikiw']) {
      const r = await tryAttest('goroute.dr.contacts', note);
      expect(!r.ok && r.fieldErrors?.note).toBeTruthy();
    }
    expect(await attestation('goroute.webhooks.signature')).toBeUndefined();
    expect(await attestation('goroute.dr.contacts')).toBeUndefined();
  });
});
