import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, settings } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { demoSessionUsers, freshDatabase, testServers } from '@/test/databases';
import { updateSetting } from './update';

const windows = { exdata_pending_minutes: 15, goroute_pending_minutes: 5, goroute_processing_minutes: 5, goroute_sending_minutes: 10 };

describe.each(testServers())('updating settings on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  const as: Record<string, SessionUser> = {};
  const stored = async (key: string) => (await t.db.select().from(settings).where(eq(settings.key, key)))[0];
  const audits = async (key: string) => t.db.select().from(auditLog).where(eq(auditLog.targetId, key)).orderBy(auditLog.id);

  beforeAll(async () => {
    t = await freshDatabase(url);
    Object.assign(as, await demoSessionUsers(t.db));
    await t.db.insert(settings).values({ key: 'pending_windows', value: windows });
  });
  afterAll(() => t?.drop());

  it('refuses support, finance and manager', async () => {
    for (const role of ['support', 'finance', 'manager']) {
      await expect(updateSetting({ db: t.db }, as[role]!, 'retention', { raw_payload_days: 30 })).rejects.toThrow(ForbiddenError);
    }
    expect(await stored('retention')).toBeUndefined();
  });

  it('saves an admin’s change from form text and audits before and after', async () => {
    const result = await updateSetting({ db: t.db }, as.admin!, 'pending_windows', { ...windows, exdata_pending_minutes: '20' }, { note: 'Scans take longer' });
    expect(result).toEqual({ ok: true });
    expect(await stored('pending_windows')).toMatchObject({ value: { ...windows, exdata_pending_minutes: 20 }, updatedBy: as.admin!.id });
    const [row] = await audits('pending_windows');
    expect(row).toMatchObject({ action: 'settings.update', targetType: 'settings', actorId: as.admin!.id, before: windows, after: { ...windows, exdata_pending_minutes: 20 }, note: 'Scans take longer' });
  });

  it('creates a setting that was never saved, with an empty before', async () => {
    expect(await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: '120' })).toEqual({ ok: true });
    expect((await stored('retention'))!.value).toEqual({ raw_payload_days: 120 });
    expect((await audits('retention'))[0]).toMatchObject({ before: null, after: { raw_payload_days: 120 } });
  });

  it('refuses bad values field by field and changes nothing', async () => {
    const before = await stored('pending_windows');
    const auditCount = (await audits('pending_windows')).length;
    const r = await updateSetting({ db: t.db }, as.admin!, 'pending_windows', { ...windows, exdata_pending_minutes: '-5', goroute_pending_minutes: 'ten', goroute_sending_minutes: '' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors).toEqual({ exdata_pending_minutes: ['Must be more than 0'], goroute_pending_minutes: ['Enter a number'], goroute_sending_minutes: ['Required'] });
    const days = await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: '2.5' });
    expect(!days.ok && days.fieldErrors).toEqual({ raw_payload_days: ['Whole numbers only'] });
    const tooShort = await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: '3' });
    expect(!tooShort.ok && tooShort.fieldErrors).toEqual({ raw_payload_days: ['Must be at least 7'] });
    expect((await updateSetting({ db: t.db }, as.admin!, 'demo_data', {})).ok).toBe(false);
    expect(await stored('pending_windows')).toEqual(before);
    expect(await audits('pending_windows')).toHaveLength(auditCount);
    expect((await stored('retention'))!.value).toEqual({ raw_payload_days: 120 });
  });

  it('refuses to overwrite a change made after the admin opened the page', async () => {
    const seen = (await stored('retention'))!.updatedAt.toISOString();
    expect(await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: 60 }, { expectedUpdatedAt: seen })).toEqual({ ok: true });
    const stale = await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: 365 }, { expectedUpdatedAt: seen });
    expect(stale.ok).toBe(false);
    expect((await stored('retention'))!.value).toEqual({ raw_payload_days: 60 });
  });
});
