import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, pgErrorCode, testServers, UNIQUE_VIOLATION } from '@/test/databases';
import { listDocuments } from './queries/documents';
import { runMigrations } from './migrate';
import { documents, pipelineStates, transactions, users, webhookDeliveries } from './schema';
import { seedOnFirstRun } from '@/demo/seed';

describe.each(testServers())('database on $name PostgreSQL', ({ url: serverUrl }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    t = await freshDatabase(serverUrl);
  });
  afterAll(() => t?.drop());

  it('applies migrations again without change', async () => {
    await expect(runMigrations(t.db)).resolves.toBeUndefined();
  });

  it('seeds demo users and data on the first run only', async () => {
    const first = await seedOnFirstRun(t.db, 'first-password');
    expect(first.firstRun).toBe(true);
    const [docs] = await t.db.select({ n: count() }).from(documents);
    expect(docs!.n).toBeGreaterThan(50);
    const states = new Set((await t.db.selectDistinct({ s: documents.pipelineState }).from(documents)).map((r) => r.s));
    expect([...states].sort()).toEqual([...pipelineStates].sort());

    const again = await seedOnFirstRun(t.db, undefined);
    expect(again.firstRun).toBe(false);
    const [docsAfter] = await t.db.select({ n: count() }).from(documents);
    expect(docsAfter!.n).toBe(docs!.n);
    const roles = (await t.db.select({ role: users.role }).from(users)).map((u) => u.role).sort();
    expect(roles).toEqual(['admin', 'finance', 'manager', 'support']);
  });

  it('stores passwords only as bcrypt hashes', async () => {
    const rows = await t.db.select({ hash: users.passwordHash }).from(users);
    for (const r of rows) expect(r.hash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('keeps one accepted webhook per provider delivery ID, while forged copies are still recorded', async () => {
    const delivery = { provider: 'exdata' as const, deliveryId: 'd7f1c1f6-0000-4000-8000-000000000001', headers: {} };
    await t.db.insert(webhookDeliveries).values({ ...delivery, signatureResult: 'valid' });
    expect(await pgErrorCode(t.db.insert(webhookDeliveries).values({ ...delivery, signatureResult: 'valid' }))).toBe(
      UNIQUE_VIOLATION,
    );
    // A forged request with the same ID is stored as rejected and does not block or replace the real one.
    await t.db
      .insert(webhookDeliveries)
      .values({ ...delivery, signatureResult: 'invalid', processingResult: 'rejected' });
    const rows = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.deliveryId, delivery.deliveryId));
    expect(rows.map((r) => r.signatureResult).sort()).toEqual(['invalid', 'valid']);
  });

  it('refuses a second transaction with the same GoRoute ID or send idempotency key', async () => {
    const base = {
      direction: 'outbound' as const,
      gorouteTransactionId: 'txn_test_unique_0001',
      sendIdempotencyKey: 'send:test-unique-1',
    };
    await t.db.insert(transactions).values(base);
    expect(await pgErrorCode(t.db.insert(transactions).values({ ...base, sendIdempotencyKey: 'send:other' }))).toBe(
      UNIQUE_VIOLATION,
    );
    expect(await pgErrorCode(t.db.insert(transactions).values({ ...base, gorouteTransactionId: 'txn_other' }))).toBe(
      UNIQUE_VIOLATION,
    );
  });

  it('pages through every document exactly once with keyset cursors', async () => {
    const [{ n }] = (await t.db.select({ n: count() }).from(documents)) as [{ n: number }];
    const seen: string[] = [];
    let cursor = null;
    do {
      const page: Awaited<ReturnType<typeof listDocuments>> = await listDocuments({ cursor }, t.db);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.next ? (await import('@/lib/pagination')).decodeCursor(page.next) : null;
    } while (cursor);
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });
});
