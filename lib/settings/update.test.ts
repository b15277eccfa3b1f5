import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, settings } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { alertThresholds } from '@/lib/alerts/thresholds';
import { pendingWindows } from '@/db/queries/windows';
import { demoSessionUsers, freshDatabase, testServers } from '@/test/databases';
import { updateSetting } from './update';

const windows = {
  exdata_pending_minutes: 15,
  goroute_pending_minutes: 5,
  goroute_processing_minutes: 5,
  goroute_sending_minutes: 10,
  received_minutes: 10,
  uploading_minutes: 15,
  review_minutes: 1440,
  approved_minutes: 10,
  queued_minutes: 10,
  send_retry_minutes: 10,
};
const thresholds = {
  failure_rate_percent: 10,
  failure_rate_window_minutes: 15,
  signature_failures_per_hour: 5,
  webhook_silence_minutes: 60,
  sign_in_failures_per_15_minutes: 20,
  notify_cooldown_minutes: 30,
};

describe.each(testServers())('updating settings on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  const as: Record<string, SessionUser> = {};
  const stored = async (key: string) => (await t.db.select().from(settings).where(eq(settings.key, key)))[0];
  const audits = async (key: string) =>
    t.db.select().from(auditLog).where(eq(auditLog.targetId, key)).orderBy(auditLog.id);

  beforeAll(async () => {
    t = await freshDatabase(url);
    Object.assign(as, await demoSessionUsers(t.db));
    await t.db.insert(settings).values({ key: 'pending_windows', value: windows });
  });
  afterAll(() => t?.drop());

  it('refuses support, finance and manager', async () => {
    for (const role of ['support', 'finance', 'manager']) {
      await expect(updateSetting({ db: t.db }, as[role]!, 'retention', { raw_payload_days: 30 })).rejects.toThrow(
        ForbiddenError,
      );
    }
    expect(await stored('retention')).toBeUndefined();
  });

  it('saves an admin’s change from form text and audits before and after', async () => {
    const result = await updateSetting(
      { db: t.db },
      as.admin!,
      'pending_windows',
      { ...windows, exdata_pending_minutes: '20' },
      { note: 'Scans take longer' },
    );
    expect(result).toEqual({ ok: true });
    expect(await stored('pending_windows')).toMatchObject({
      value: { ...windows, exdata_pending_minutes: 20 },
      updatedBy: as.admin!.id,
    });
    const [row] = await audits('pending_windows');
    expect(row).toMatchObject({
      action: 'settings.update',
      targetType: 'settings',
      actorId: as.admin!.id,
      before: windows,
      after: { ...windows, exdata_pending_minutes: 20 },
      note: 'Scans take longer',
    });
  });

  it('creates a setting that was never saved, with an empty before', async () => {
    expect(await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: '120' })).toEqual({
      ok: true,
    });
    expect((await stored('retention'))!.value).toEqual({ raw_payload_days: 120 });
    expect((await audits('retention'))[0]).toMatchObject({ before: null, after: { raw_payload_days: 120 } });
  });

  it('refuses bad values field by field and changes nothing', async () => {
    const before = await stored('pending_windows');
    const auditCount = (await audits('pending_windows')).length;
    const r = await updateSetting({ db: t.db }, as.admin!, 'pending_windows', {
      ...windows,
      exdata_pending_minutes: '-5',
      goroute_pending_minutes: 'ten',
      goroute_sending_minutes: '',
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.fieldErrors).toEqual({
      exdata_pending_minutes: ['Must be more than 0'],
      goroute_pending_minutes: ['Enter a number'],
      goroute_sending_minutes: ['Required'],
    });
    const days = await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: '2.5' });
    expect(!days.ok && days.fieldErrors).toEqual({ raw_payload_days: ['Whole numbers only'] });
    const tooShort = await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: '3' });
    expect(!tooShort.ok && tooShort.fieldErrors).toEqual({ raw_payload_days: ['Must be at least 7'] });
    expect((await updateSetting({ db: t.db }, as.admin!, 'demo_data', {})).ok).toBe(false);
    expect(await stored('pending_windows')).toEqual(before);
    expect(await audits('pending_windows')).toHaveLength(auditCount);
    expect((await stored('retention'))!.value).toEqual({ raw_payload_days: 120 });
  });

  it('refuses values past each setting’s upper bound, naming the limit, and changes nothing', async () => {
    const before = await stored('pending_windows');
    const auditCount = (await audits('pending_windows')).length;
    // 99,999,999,999 minutes would have switched the pending alert off without a word.
    const huge = await updateSetting({ db: t.db }, as.admin!, 'pending_windows', {
      ...windows,
      exdata_pending_minutes: '99999999999',
      goroute_sending_minutes: '9'.repeat(400),
    });
    expect(huge).toMatchObject({ ok: false, error: 'Check the highlighted fields; nothing was saved.' });
    expect(!huge.ok && huge.fieldErrors).toEqual({
      exdata_pending_minutes: ['Must be at most 10080 minutes (7 days)'],
      goroute_sending_minutes: ['Must be at most 10080 minutes (7 days)'],
    });
    expect(await stored('pending_windows')).toEqual(before);
    expect(await audits('pending_windows')).toHaveLength(auditCount);
    // The limit itself is allowed.
    expect(
      await updateSetting({ db: t.db }, as.admin!, 'pending_windows', { ...windows, exdata_pending_minutes: '10080' }),
    ).toEqual({ ok: true });

    const tooMuch = await updateSetting({ db: t.db }, as.admin!, 'alert_thresholds', {
      failure_rate_percent: '101',
      failure_rate_window_minutes: '1441',
      signature_failures_per_hour: '100001',
      webhook_silence_minutes: '10081',
      notify_cooldown_minutes: '1441',
      sign_in_failures_per_15_minutes: '100001',
    });
    expect(!tooMuch.ok && tooMuch.fieldErrors).toEqual({
      failure_rate_percent: ['Must be at most 100 (%)'],
      failure_rate_window_minutes: ['Must be at most 1440 minutes (1 day)'],
      signature_failures_per_hour: ['Must be at most 100000 per hour'],
      webhook_silence_minutes: ['Must be at most 10080 minutes (7 days)'],
      notify_cooldown_minutes: ['Must be at most 1440 minutes (1 day)'],
      sign_in_failures_per_15_minutes: ['Must be at most 100000 per 15 minutes'],
    });
    expect(await stored('alert_thresholds')).toBeUndefined();
    const days = await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: '3651' });
    expect(!days.ok && days.fieldErrors).toEqual({ raw_payload_days: ['Must be at most 3650 days (10 years)'] });
  });

  it('refuses a note with control or direction-control characters, or too long, beside the note', async () => {
    const before = await stored('pending_windows');
    for (const [note, message] of [
      ['Longer\u0000scans', /control characters/],
      ['Per \u202Eecnanif', /direction-control characters/],
      ['x'.repeat(10_000), /At most 500 characters/],
    ] as const) {
      const r = await updateSetting(
        { db: t.db },
        as.admin!,
        'pending_windows',
        { ...windows, exdata_pending_minutes: '30' },
        { note },
      );
      expect(r.ok).toBe(false);
      expect(!r.ok && r.fieldErrors).toEqual({ note: [expect.stringMatching(message)] });
    }
    expect(await stored('pending_windows')).toEqual(before);
  });

  it('reads a stored value that is now out of bounds as its default, keeping the valid ones', async () => {
    await t.db
      .update(settings)
      .set({ value: { ...windows, exdata_pending_minutes: 99_999_999_999, goroute_sending_minutes: 45 } })
      .where(eq(settings.key, 'pending_windows'));
    expect(await pendingWindows(t.db)).toEqual({ ...windows, goroute_sending_minutes: 45 });
    await t.db.insert(settings).values({
      key: 'alert_thresholds',
      value: { ...thresholds, failure_rate_percent: 500, webhook_silence_minutes: 120 },
    });
    expect(await alertThresholds(t.db)).toEqual({ ...thresholds, webhook_silence_minutes: 120 });
    await t.db.update(settings).set({ value: windows }).where(eq(settings.key, 'pending_windows'));
  });

  it('refuses to overwrite a change made after the admin opened the page', async () => {
    const seen = (await stored('retention'))!.updatedAt.toISOString();
    expect(
      await updateSetting({ db: t.db }, as.admin!, 'retention', { raw_payload_days: 60 }, { expectedUpdatedAt: seen }),
    ).toEqual({ ok: true });
    const stale = await updateSetting(
      { db: t.db },
      as.admin!,
      'retention',
      { raw_payload_days: 365 },
      { expectedUpdatedAt: seen },
    );
    expect(stale.ok).toBe(false);
    expect((await stored('retention'))!.value).toEqual({ raw_payload_days: 60 });
  });
});
