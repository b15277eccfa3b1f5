// The alert lifecycle on real PostgreSQL: evaluate (raise, bump, resolve), notify (cool-down), and what
// people do (acknowledge, resolve). Notifications go to a real node:http receiver on 127.0.0.1.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import {
  alertNotifications,
  alerts,
  auditLog,
  documents,
  settings,
  signInFailures,
  transactions,
  webhookDeliveries,
} from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { inTransaction } from '@/db/transaction';
import { raiseAlert } from '@/lib/pipeline/alerts';
import { markCreditsExhausted } from '@/lib/pipeline/credits';
import { startReceiver, type Receiver } from '@/sandbox/test-support';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { slackChannel } from './channels/slack';
import { evaluateAlerts } from './evaluate';
import { acknowledgeAlert, resolveAlert } from './lifecycle';
import { notifyAlert } from './notify';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe.each(testServers())('alerts on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  let deps: { db: typeof t.db; pool: typeof t.pool; boss: typeof t.boss };
  const as: Record<string, SessionUser> = {};
  let n = 0;

  const notifyJobs = async () =>
    (
      await t.db.execute<{ alert_id: string }>(
        sql`select data->>'alertId' as alert_id from pgboss.job where name = ${queues.alertNotify}`,
      )
    ).rows.map((r) => r.alert_id);
  const unresolved = (rule: string) =>
    t.db
      .select()
      .from(alerts)
      .where(sql`${alerts.rule} = ${rule} and ${alerts.status} <> 'resolved'`);
  const byKey = (key: string) =>
    t.db.select().from(alerts).where(eq(alerts.dedupeKey, key)).orderBy(alerts.firstSeenAt);
  const doc = (at: Date, state: 'extracting' | 'in_review' = 'extracting') => {
    n++;
    return {
      sourceId: `SRC-A-${n}`,
      uploadIdempotencyKey: `upload:a:${n}`,
      filename: 'a.pdf',
      fileFormat: 'pdf',
      fileSize: 1,
      pipelineState: state,
      exdataStatus: state === 'extracting' ? ('pending' as const) : ('completed' as const),
      stateChangedAt: at,
    };
  };
  const send = (status: 'delivered' | 'failed', at = minutesAgo(2)) => ({
    direction: 'outbound' as const,
    status,
    statusChangedAt: at,
    createdAt: minutesAgo(30),
  });
  const webhook = (
    provider: 'exdata' | 'goroute',
    signatureResult: 'valid' | 'invalid' | 'stale' | 'mismatch',
    at = minutesAgo(1),
  ) => {
    n++;
    return { provider, deliveryId: `d-${n}`, headers: {}, signatureResult, receivedAt: at };
  };

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    deps = { db: t.db, pool: t.pool, boss: t.boss };
    Object.assign(as, await demoSessionUsers(t.db));
  });
  afterAll(() => t?.drop());
  beforeEach(async () => {
    await t.db.execute(sql`truncate alert_notifications, alerts, webhook_deliveries, transactions, documents cascade`);
    await t.db.execute(sql`delete from pgboss.job where name = ${queues.alertNotify}`);
    await t.db.delete(settings).where(eq(settings.key, 'exdata_credits'));
    // Both providers answered a moment ago, so webhook silence stays out of tests about other rules.
    await t.db.insert(webhookDeliveries).values([webhook('exdata', 'valid'), webhook('goroute', 'valid')]);
  });

  it('keeps a stuck document as exactly one alert across evaluations, notifies once, and resolves when it moves on', async () => {
    const [stuck] = await t.db
      .insert(documents)
      .values([doc(minutesAgo(20)), doc(minutesAgo(1))])
      .returning();
    expect(await evaluateAlerts(deps)).toBe('1 holding, 1 opened, 0 resolved');
    expect(await evaluateAlerts(deps)).toBe('1 holding, 0 opened, 0 resolved');
    const [alert, ...others] = await byKey('pending_too_long:exdata');
    expect(others).toHaveLength(0);
    // Occurrences count the evaluations in which the condition held (here two), not new alerts.
    expect(alert).toMatchObject({
      rule: 'pending_too_long',
      status: 'open',
      occurrences: 2,
      detail: { count: 1, document_ids: [stuck!.id] },
    });
    expect(await notifyJobs()).toEqual([alert!.id]);

    await t.db
      .update(documents)
      .set({ pipelineState: 'in_review', exdataStatus: 'completed', stateChangedAt: new Date() })
      .where(eq(documents.id, stuck!.id));
    expect(await evaluateAlerts(deps)).toBe('0 holding, 0 opened, 1 resolved');
    expect((await byKey('pending_too_long:exdata'))[0]).toMatchObject({
      status: 'resolved',
      resolvedAt: expect.any(Date),
    });

    // Stuck again later: a new alert (the resolved one stays as history), notified again.
    await t.db
      .update(documents)
      .set({ pipelineState: 'extracting', exdataStatus: 'pending', stateChangedAt: minutesAgo(30) })
      .where(eq(documents.id, stuck!.id));
    expect(await evaluateAlerts(deps)).toBe('1 holding, 1 opened, 0 resolved');
    expect((await byKey('pending_too_long:exdata')).map((a) => a.status)).toEqual(['resolved', 'open']);
    expect(await notifyJobs()).toHaveLength(2);
  });

  it('raises failure_rate above the threshold only, over the window', async () => {
    // 1 failed of 10 = 10 %: not above the default 10 %. An old failure outside the 15-minute window does not count.
    await t.db
      .insert(transactions)
      .values([...Array.from({ length: 9 }, () => send('delivered')), send('failed'), send('failed', minutesAgo(40))]);
    await evaluateAlerts(deps);
    expect(await unresolved('failure_rate')).toHaveLength(0);

    await t.db.insert(transactions).values([send('failed'), send('failed')]);
    await evaluateAlerts(deps);
    const [alert] = await unresolved('failure_rate');
    expect(alert).toMatchObject({
      dedupeKey: 'failure_rate:goroute:send',
      severity: 'critical',
      detail: { failed: 3, total: 12, failure_rate_percent: 25 },
    });

    await t.db
      .insert(settings)
      .values({ key: 'alert_thresholds', value: { failure_rate_percent: 30 } })
      .onConflictDoUpdate({ target: settings.key, set: { value: { failure_rate_percent: 30 } } });
    await evaluateAlerts(deps);
    expect(await unresolved('failure_rate')).toHaveLength(0);
    await t.db.delete(settings).where(eq(settings.key, 'alert_thresholds'));
  });

  it('raises signature_failures at the hourly threshold per provider', async () => {
    await t.db
      .insert(webhookDeliveries)
      .values([
        ...Array.from({ length: 4 }, () => webhook('goroute', 'invalid')),
        webhook('goroute', 'invalid', minutesAgo(90)),
      ]);
    await evaluateAlerts(deps);
    expect(await unresolved('signature_failures')).toHaveLength(0);
    await t.db.insert(webhookDeliveries).values(webhook('goroute', 'stale'));
    await evaluateAlerts(deps);
    const [alert, ...others] = await unresolved('signature_failures');
    expect(others).toHaveLength(0);
    expect(alert).toMatchObject({
      dedupeKey: 'signature_failures:goroute',
      detail: { count_last_hour: 5, results: { invalid: 4, stale: 1 } },
    });
  });

  it('counts relabelled exdata deliveries (mismatch) toward signature_failures', async () => {
    await t.db
      .insert(webhookDeliveries)
      .values([...Array.from({ length: 4 }, () => webhook('exdata', 'mismatch')), webhook('exdata', 'invalid')]);
    await evaluateAlerts(deps);
    expect((await unresolved('signature_failures'))[0]).toMatchObject({
      dedupeKey: 'signature_failures:exdata',
      detail: { count_last_hour: 5, results: { mismatch: 4, invalid: 1 } },
    });
  });

  it('raises sign_in_failures for a burst of failed sign-ins in 15 minutes, and resolves once the burst is over', async () => {
    await t.db.execute(sql`truncate sign_in_failures`);
    const failure = (i: number, at = minutesAgo(1)) => ({
      email: `user${i % 4}@example.test`,
      client: `198.51.100.${i % 3}`,
      reason: 'password',
      at,
    });
    await t.db
      .insert(signInFailures)
      .values([...Array.from({ length: 19 }, (_, i) => failure(i)), failure(99, minutesAgo(20))]);
    await evaluateAlerts(deps);
    expect(await unresolved('sign_in_failures')).toHaveLength(0);
    await t.db.insert(signInFailures).values(failure(19));
    await evaluateAlerts(deps);
    const [alert] = await unresolved('sign_in_failures');
    expect(alert).toMatchObject({ dedupeKey: 'sign_in_failures', detail: { count: 20, clients: 3, emails: 4 } });
    expect(await notifyJobs()).toContain(alert!.id);
    await t.db.execute(sql`update sign_in_failures set at = now() - interval '20 minutes'`);
    await evaluateAlerts(deps);
    expect(await unresolved('sign_in_failures')).toHaveLength(0);
  });

  it('raises webhook_silence while work waits and nothing verified arrives, and resolves on the next genuine webhook', async () => {
    await t.db.execute(sql`truncate webhook_deliveries`);
    await t.db
      .insert(webhookDeliveries)
      .values([webhook('exdata', 'valid', minutesAgo(90)), webhook('exdata', 'invalid')]);
    await t.db.insert(documents).values(doc(minutesAgo(8)));
    await evaluateAlerts(deps);
    expect((await unresolved('webhook_silence')).map((a) => a.dedupeKey)).toEqual(['webhook_silence:exdata']);
    await t.db.insert(webhookDeliveries).values(webhook('exdata', 'valid'));
    await evaluateAlerts(deps);
    expect(await unresolved('webhook_silence')).toHaveLength(0);
  });

  it('notifies a 402 once, and resolves the credits alert once uploads are resumed, not before', async () => {
    const [d] = await t.db.insert(documents).values(doc(new Date(), 'in_review')).returning();
    // The upload handler's path: pause + alert + notification in one commit; a second 402 only bumps.
    for (let i = 0; i < 2; i++)
      await inTransaction(t.pool, t.boss, (tx, enqueue) =>
        markCreditsExhausted(tx, { documentId: d!.id, requestId: null }, enqueue),
      );
    const [alert, ...others] = await unresolved('insufficient_credits');
    expect(others).toHaveLength(0);
    expect(alert).toMatchObject({ dedupeKey: 'insufficient_credits:exdata', occurrences: 2 });
    expect(await notifyJobs()).toEqual([alert!.id]);
    await evaluateAlerts(deps);
    expect(await unresolved('insufficient_credits')).toHaveLength(1);
    await t.db
      .update(settings)
      .set({ value: { exhausted: false } })
      .where(eq(settings.key, 'exdata_credits'));
    await evaluateAlerts(deps);
    expect(await unresolved('insufficient_credits')).toHaveLength(0);
  });

  describe('notifications', () => {
    let hook: Receiver;
    let hits = 0;
    beforeAll(async () => {
      hook = await startReceiver();
    });
    afterAll(() => hook?.close());
    beforeEach(() => {
      hook.received.length = 0;
      hits = 0;
      hook.respond = () => (hits++, 200);
    });
    const open = (key = 'dead_letter:validation') =>
      raiseAlert(t.db, {
        rule: 'dead_letter',
        severity: 'warning',
        title: 'Send dead-lettered: VALIDATION_ERROR',
        dedupeKey: key,
      });
    const rows = (alertId: string) =>
      t.db
        .select()
        .from(alertNotifications)
        .where(eq(alertNotifications.alertId, alertId))
        .orderBy(alertNotifications.id);

    it('sends once, then holds the same condition back for the cool-down, even as a new alert', async () => {
      const first = await open();
      const channels = [slackChannel(hook.url)];
      expect(await notifyAlert(deps, channels, { alertId: first.id }, 'http://console/alerts')).toBe('slack sent');
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0]!.json.text).toContain('[WARNING] Send dead-lettered: VALIDATION_ERROR');
      expect((await t.db.select().from(alerts).where(eq(alerts.id, first.id)))[0]!.lastNotifiedAt).toBeInstanceOf(Date);

      // The same job again (a pg-boss redelivery) and a re-opened alert of the same condition: both suppressed.
      expect(await notifyAlert(deps, channels, { alertId: first.id }, 'http://console/alerts')).toBe(
        'suppressed: cool-down',
      );
      await t.db.update(alerts).set({ status: 'resolved', resolvedAt: new Date() }).where(eq(alerts.id, first.id));
      const again = await open();
      expect(again.opened).toBe(true);
      expect(await notifyAlert(deps, channels, { alertId: again.id }, 'http://console/alerts')).toBe(
        'suppressed: cool-down',
      );
      expect(hits).toBe(1);
      expect((await rows(first.id)).map((r) => r.status)).toEqual(['sent', 'suppressed']);
      expect((await rows(again.id))[0]).toMatchObject({
        channel: 'slack',
        status: 'suppressed',
        detail: expect.stringContaining('cool-down 30 min'),
      });

      // Past the cool-down it goes out again.
      await t.db
        .update(alerts)
        .set({ lastNotifiedAt: minutesAgo(31) })
        .where(eq(alerts.id, first.id));
      expect(await notifyAlert(deps, channels, { alertId: again.id }, 'http://console/alerts')).toBe('slack sent');
      expect(hits).toBe(2);
    });

    it('records a 500 as failed without throwing, keeps other channels going, and frees the cool-down', async () => {
      const alert = await open('dead_letter:server');
      const broken = await startReceiver();
      broken.respond = () => 500;
      try {
        const outcome = await notifyAlert(
          deps,
          [slackChannel(broken.url), slackChannel(hook.url)],
          { alertId: alert.id },
          'http://console/alerts',
        );
        expect(outcome).toBe('slack failed (HTTP 500), slack sent');
        const all = await notifyAlert(
          deps,
          [slackChannel(broken.url)],
          { alertId: (await open('dead_letter:network')).id },
          'http://console/alerts',
        );
        expect(all).toBe('slack failed (HTTP 500)');
      } finally {
        await broken.close();
      }
      const [failed] = await t.db.select().from(alerts).where(eq(alerts.dedupeKey, 'dead_letter:network'));
      // Nothing went out, so nothing was "notified": the next raise of this condition may notify at once.
      expect(failed!.lastNotifiedAt).toBeNull();
      expect((await rows(failed!.id))[0]).toMatchObject({ status: 'failed', detail: 'HTTP 500' });
      expect((await rows(failed!.id))[0]!.detail).not.toContain('127.0.0.1');
    });

    it('records that no channel is configured, and skips alerts someone already acknowledged', async () => {
      const alert = await open('dead_letter:auth');
      expect(await notifyAlert(deps, [], { alertId: alert.id }, 'http://console/alerts')).toBe('skipped: no channel');
      expect((await rows(alert.id))[0]).toMatchObject({ channel: 'none', status: 'skipped' });
      await acknowledgeAlert({ db: t.db }, as.support!, alert.id);
      expect(await notifyAlert(deps, [slackChannel(hook.url)], { alertId: alert.id }, 'http://console/alerts')).toBe(
        'skipped: acknowledged',
      );
      expect(hits).toBe(0);
    });
  });

  describe('acknowledge and resolve', () => {
    it('refuses finance and manager, whatever the UI showed', async () => {
      const alert = await raiseAlert(t.db, {
        rule: 'dead_letter',
        severity: 'warning',
        title: 'x',
        dedupeKey: 'dead_letter:perm',
      });
      for (const role of ['finance', 'manager']) {
        await expect(acknowledgeAlert({ db: t.db }, as[role]!, alert.id)).rejects.toThrow(ForbiddenError);
        await expect(resolveAlert({ db: t.db }, as[role]!, alert.id)).rejects.toThrow(ForbiddenError);
      }
      expect((await t.db.select().from(alerts).where(eq(alerts.id, alert.id)))[0]!.status).toBe('open');
    });

    it('lets exactly one of two concurrent acknowledges win, with one audit row; then resolves once', async () => {
      const alert = await raiseAlert(t.db, {
        rule: 'dead_letter',
        severity: 'warning',
        title: 'race',
        dedupeKey: 'dead_letter:race',
      });
      const results = await Promise.all([
        acknowledgeAlert({ db: t.db }, as.support!, alert.id),
        acknowledgeAlert({ db: t.db }, as.admin!, alert.id),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ error: expect.stringContaining('Only an open alert') });
      const [row] = await t.db.select().from(alerts).where(eq(alerts.id, alert.id));
      expect(row).toMatchObject({ status: 'acknowledged', acknowledgedAt: expect.any(Date) });
      expect([as.support!.id, as.admin!.id]).toContain(row!.acknowledgedBy);
      const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, alert.id));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        action: 'alert.acknowledge',
        targetType: 'alert',
        before: { status: 'open' },
        after: { status: 'acknowledged' },
      });

      const resolved = await Promise.all([
        resolveAlert({ db: t.db }, as.support!, alert.id),
        resolveAlert({ db: t.db }, as.admin!, alert.id),
      ]);
      expect(resolved.filter((r) => r.ok)).toHaveLength(1);
      const resolveAudit = (await t.db.select().from(auditLog).where(eq(auditLog.targetId, alert.id))).filter(
        (a) => a.action === 'alert.resolve',
      );
      expect(resolveAudit).toHaveLength(1);
      expect(resolveAudit[0]).toMatchObject({ before: { status: 'acknowledged' }, after: { status: 'resolved' } });
      expect((await acknowledgeAlert({ db: t.db }, as.support!, alert.id)).ok).toBe(false);
    });
  });
});
