// Title and body of an alert agree, and a resolved alert says who resolved it and why (issue "Truthful status" 7).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { alerts, auditLog, settings, transactions, webhookDeliveries } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/credentials';
import { raiseAlert } from '@/lib/pipeline/alerts';
import { PendingWindows } from '@/lib/rules/pending-windows';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { buildDemoData } from '@/demo/seed/demo-data';
import { evaluateAlerts } from './evaluate';
import { resolveAlert } from './lifecycle';
import { automaticResolution } from './resolution';
import type { Measures } from './rules';
import { AlertThresholds } from './thresholds';

const now = new Date('2026-11-02T12:00:00Z');
const t = AlertThresholds.parse({});
const w = PendingWindows.parse({});

function measures(change: Partial<Measures> = {}): Measures {
  const none = { count: 0, sample: [] };
  return {
    now,
    pendingTooLong: { exdata: none, goroute: none, review: none },
    sendOutcomes: { failed: 1, total: 25 },
    signatureRejections: { exdata: { count: 0, byResult: {} }, goroute: { count: 2, byResult: { invalid: 2 } } },
    signInFailures: { count: 3, clients: 1, emails: 1 },
    webhooks: {
      exdata: { lastVerifiedAt: new Date(now.getTime() - 2 * 60_000), waitingInFlight: 3 },
      goroute: { lastVerifiedAt: null, waitingInFlight: 0 },
    },
    ...change,
  };
}

describe('why the evaluator resolved an alert', () => {
  const why = (rule: Parameters<typeof automaticResolution>[0]['rule'], dedupeKey: string, m = measures()) =>
    automaticResolution({ rule, dedupeKey }, m, t, w);

  it('gives the figures measured now against the threshold, not the ones from when it held', () => {
    expect(why('failure_rate', 'failure_rate:goroute:send')).toBe(
      'the condition no longer holds: failure rate 4.0 % (1 of 25 sends in the last 15 min), at or below the 10 % threshold',
    );
    expect(why('failure_rate', 'failure_rate:goroute:send', measures({ sendOutcomes: { failed: 2, total: 3 } }))).toBe(
      'the condition no longer holds: 2 of 3 sends in the last 15 min: fewer than the 5 outcomes a rate needs',
    );
    expect(why('signature_failures', 'signature_failures:goroute')).toBe(
      'the condition no longer holds: 2 GoRoute webhook requests rejected in the last hour, below 5',
    );
    expect(why('sign_in_failures', 'sign_in_failures')).toBe(
      'the condition no longer holds: 3 failed password sign-ins in the last 15 min, below 20',
    );
    expect(why('pending_too_long', 'pending_too_long:exdata')).toBe(
      'the condition no longer holds: 0 exdata documents past the 15-min window',
    );
    expect(why('pending_too_long', 'pending_too_long:review')).toBe(
      'the condition no longer holds: 0 documents waiting for review past their windows',
    );
    expect(why('webhook_silence', 'webhook_silence:exdata')).toBe(
      'the condition no longer holds: last verified exdata webhook 2 min ago, within 60 min',
    );
    expect(why('webhook_silence', 'webhook_silence:goroute')).toBe(
      'the condition no longer holds: nothing has waited on GoRoute for 5 min or more',
    );
    expect(why('insufficient_credits', 'insufficient_credits:exdata')).toBe(
      'the condition no longer holds: uploads were resumed: a person confirmed exdata credits are back',
    );
    expect(why('signature_failures', 'signature_failures:somebody')).toBe(
      'the condition no longer holds: its rule no longer reports it',
    );
  });
});

describe('the seeded alerts', () => {
  it('read as the live ones: a summary in the detail, no count in the title, and who resolved the resolved one', () => {
    const actorIds = {
      admin: '00000000-0000-4000-8000-000000000001',
      support: '00000000-0000-4000-8000-000000000002',
      finance: '00000000-0000-4000-8000-000000000003',
      manager: '00000000-0000-4000-8000-000000000004',
    };
    const seeded = buildDemoData({ actorIds, now }).alerts.filter((a) => a.rule !== 'insufficient_credits');
    expect(seeded.length).toBeGreaterThan(0);
    for (const a of seeded) {
      expect(typeof (a.detail as { summary?: unknown }).summary, a.title).toBe('string');
      expect(a.title, 'a count in the title would go stale as the alert is bumped').not.toMatch(/^\d/);
    }
    expect(seeded.find((a) => a.status === 'resolved')).toMatchObject({
      rule: 'failure_rate',
      resolvedBy: actorIds.support,
    });
  });
});

describe.each(testServers())('alert title, body and resolution on $name PostgreSQL', ({ url }) => {
  let x: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  let deps: { db: typeof x.db; pool: typeof x.pool; boss: typeof x.boss };
  const as: Record<string, SessionUser> = {};
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const send = (status: 'delivered' | 'failed') => ({
    direction: 'outbound' as const,
    status,
    statusChangedAt: minutesAgo(2),
    createdAt: minutesAgo(30),
  });
  const byKey = (key: string) =>
    x.db.select().from(alerts).where(eq(alerts.dedupeKey, key)).orderBy(alerts.firstSeenAt);

  beforeAll(async () => {
    x = await freshDatabaseWithQueue(url);
    deps = { db: x.db, pool: x.pool, boss: x.boss };
    Object.assign(as, await demoSessionUsers(x.db));
    (globalThis as { invoiceOpsDb?: unknown }).invoiceOpsDb = { db: x.db, pool: x.pool };
  });
  afterAll(async () => {
    delete (globalThis as { invoiceOpsDb?: unknown }).invoiceOpsDb;
    await x?.drop();
  });
  beforeEach(async () => {
    await x.db.execute(sql`truncate alert_notifications, alerts, webhook_deliveries, transactions, documents cascade`);
    await x.db.delete(settings).where(eq(settings.key, 'alert_thresholds'));
    // Both providers answered a moment ago, so webhook silence stays out of these tests.
    await x.db.insert(webhookDeliveries).values([
      { provider: 'exdata', deliveryId: 'ok-x', headers: {}, signatureResult: 'valid' },
      { provider: 'goroute', deliveryId: 'ok-g', headers: {}, signatureResult: 'valid' },
    ]);
  });

  it('a bump takes the new title with the new detail, so the title never tells an older state than the body', async () => {
    const raise = (title: string, count: number) =>
      raiseAlert(x.db, {
        rule: 'signature_failures',
        severity: 'warning',
        title,
        dedupeKey: 'signature_failures:goroute',
        detail: { count_last_hour: count, summary: `${count} rejected requests in the last hour` },
      });
    // An alert opened under an older title (a seeded one, or one raised before a threshold changed).
    await raise('6 GoRoute webhooks with an invalid signature in the last hour', 6);
    await raise('GoRoute webhooks rejected for their signature (≥ 5 an hour)', 16);
    const [alert, ...others] = await byKey('signature_failures:goroute');
    expect(others).toHaveLength(0);
    expect(alert).toMatchObject({
      occurrences: 2,
      title: 'GoRoute webhooks rejected for their signature (≥ 5 an hour)',
      detail: { count_last_hour: 16, summary: '16 rejected requests in the last hour' },
    });
  });

  it('an alert the evaluator resolves records that nobody resolved it and why, with the figures it measured', async () => {
    await x.db
      .insert(transactions)
      .values([...Array.from({ length: 13 }, () => send('delivered')), send('failed'), send('failed')]);
    await evaluateAlerts(deps);
    const [held] = await byKey('failure_rate:goroute:send');
    expect(held).toMatchObject({ status: 'open', detail: { failure_rate_percent: 13.3 } });

    // The rate falls back: 2 failed of 50.
    await x.db.insert(transactions).values(Array.from({ length: 35 }, () => send('delivered')));
    expect(await evaluateAlerts(deps)).toContain('1 resolved');
    const [resolved] = await byKey('failure_rate:goroute:send');
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolvedAt: expect.any(Date),
      resolvedBy: null,
      resolution:
        'the condition no longer holds: failure rate 4.0 % (2 of 50 sends in the last 15 min), at or below the 10 % threshold',
      // The detail stays what it was when the condition last held; the page labels it so.
      detail: expect.objectContaining({ failure_rate_percent: 13.3 }),
    });

    const { listAlerts } = await import('@/db/queries/alerts');
    const [row] = (await listAlerts({ statuses: ['resolved'], cursor: null })).items;
    expect(row).toMatchObject({ resolvedBy: null, resolution: resolved!.resolution });
  });

  it('an alert a person resolves records who, on the alert and in the audit row', async () => {
    const alert = await raiseAlert(x.db, {
      rule: 'dead_letter',
      severity: 'warning',
      title: 'Send dead-lettered: VALIDATION_ERROR',
      dedupeKey: 'dead_letter:validation',
    });
    expect(await resolveAlert({ db: x.db }, as.support!, alert.id)).toEqual({ ok: true });
    const [row] = await x.db.select().from(alerts).where(eq(alerts.id, alert.id));
    expect(row).toMatchObject({ status: 'resolved', resolvedBy: as.support!.id, resolution: null });
    const [audit] = await x.db.select().from(auditLog).where(eq(auditLog.targetId, alert.id));
    expect(audit).toMatchObject({
      action: 'alert.resolve',
      after: expect.objectContaining({ resolvedBy: 'support@example.test' }),
    });
    const { listAlerts } = await import('@/db/queries/alerts');
    const listed = (await listAlerts({ statuses: ['resolved'], cursor: null })).items.find((a) => a.id === alert.id);
    expect(listed).toMatchObject({ resolvedBy: 'support@example.test' });
  });

  it('the evaluator does not overwrite a resolution a person made', async () => {
    await x.db
      .insert(transactions)
      .values([...Array.from({ length: 8 }, () => send('delivered')), send('failed'), send('failed')]);
    await evaluateAlerts(deps);
    const [open] = await byKey('failure_rate:goroute:send');
    await resolveAlert({ db: x.db }, as.admin!, open!.id);
    await x.db.delete(transactions).where(eq(transactions.status, 'failed'));
    await evaluateAlerts(deps);
    expect((await byKey('failure_rate:goroute:send'))[0]).toMatchObject({ resolvedBy: as.admin!.id, resolution: null });
  });
});
