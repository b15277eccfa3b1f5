import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, signInFailures, users } from '@/db/schema';
import { ensureDemoUsers, hashPassword } from '@/demo/seed/users';
import { freshDatabase, testServers } from '@/test/databases';
import { verifyCredentials } from './credentials';
import {
  delayAfter,
  FREE_FAILURES_PER_ACCOUNT_CLIENT,
  FREE_FAILURES_PER_CLIENT,
  SignInDelayedError,
} from './sign-in-limit';

const userClient = '192.0.2.10';

describe.each(testServers())('password sign-in on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    t = await freshDatabase(url);
    await ensureDemoUsers(t.db, 'correct horse battery');
  });
  afterAll(() => t?.drop());

  it('signs a user in with the role from the database, and audits it', async () => {
    const user = await verifyCredentials(
      { email: 'Finance@Example.test', password: 'correct horse battery' },
      userClient,
      t.db,
    );
    expect(user).toMatchObject({ email: 'finance@example.test', role: 'finance' });
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.sign_in'), eq(auditLog.actorId, user!.id)));
    expect(rows).toHaveLength(1);
  });

  it('refuses a wrong password, an unknown e-mail and malformed input alike', async () => {
    expect(await verifyCredentials({ email: 'finance@example.test', password: 'wrong' }, userClient, t.db)).toBeNull();
    expect(
      await verifyCredentials({ email: 'nobody@example.test', password: 'correct horse battery' }, userClient, t.db),
    ).toBeNull();
    expect(await verifyCredentials({ email: 'not-an-email', password: 'x' }, userClient, t.db)).toBeNull();
    expect(await verifyCredentials(undefined, userClient, t.db)).toBeNull();
  });

  it('refuses a deactivated user', async () => {
    await t.db.insert(users).values({
      email: 'gone@example.test',
      name: 'Gone',
      role: 'support',
      passwordHash: await hashPassword('pw-12345678'),
      active: false,
    });
    expect(
      await verifyCredentials({ email: 'gone@example.test', password: 'pw-12345678' }, userClient, t.db),
    ).toBeNull();
  });

  it('resets demo passwords when DEMO_PASSWORD changes', async () => {
    await ensureDemoUsers(t.db, 'a new demo password');
    expect(
      await verifyCredentials({ email: 'admin@example.test', password: 'correct horse battery' }, userClient, t.db),
    ).toBeNull();
    expect(
      await verifyCredentials({ email: 'admin@example.test', password: 'a new demo password' }, userClient, t.db),
    ).toMatchObject({ role: 'admin' });
  });

  it('slows a stranger guessing at an account, while the real user on their own client signs in at once', async () => {
    const stranger = '198.51.100.66';
    const guess = { email: 'support@example.test', password: 'guess' };
    let delayed = 0;
    for (let i = 0; i < 40; i++) {
      try {
        expect(await verifyCredentials(guess, stranger, t.db)).toBeNull();
      } catch (error) {
        expect(error).toBeInstanceOf(SignInDelayedError);
        delayed++;
      }
    }
    // The 5 free failures, then one attempt per (doubling) delay: the rest were refused unchecked.
    expect(delayed).toBeGreaterThanOrEqual(40 - FREE_FAILURES_PER_ACCOUNT_CLIENT - 1);
    // The stranger is refused even with the right password while the delay runs…
    await expect(
      verifyCredentials({ email: 'support@example.test', password: 'a new demo password' }, stranger, t.db),
    ).rejects.toBeInstanceOf(SignInDelayedError);
    // …but the real user, from their own client, is not slowed at all.
    expect(
      await verifyCredentials({ email: 'SUPPORT@example.test', password: 'a new demo password' }, userClient, t.db),
    ).toMatchObject({ role: 'support' });
    // Once the delay has passed (moved into the past here rather than waited for), the stranger may try again.
    await t.db.execute(sql`update sign_in_limits set expire = ${Date.now() - 1} where key like 'gate:%'`);
    expect(await verifyCredentials(guess, stranger, t.db)).toBeNull();
  });

  it('doubles the wait after each further failure of one e-mail from one client', async () => {
    const client = '198.51.100.70';
    const wrong = { email: 'manager@example.test', password: 'typo' };
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT_CLIENT; i++)
      expect(await verifyCredentials(wrong, client, t.db)).toBeNull();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(await verifyCredentials(wrong, client, t.db)).toBeNull(); // the one attempt the delay lets through
      const refused = await verifyCredentials(wrong, client, t.db).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SignInDelayedError);
      waits.push((refused as SignInDelayedError).retryAfterSeconds);
      await t.db.execute(sql`update sign_in_limits set expire = ${Date.now() - 1} where key like 'gate:%'`);
    }
    expect(waits).toEqual([delayAfter(6, 5), delayAfter(7, 5), delayAfter(8, 5), delayAfter(9, 5)]);
    expect(waits).toEqual([1, 2, 4, 8]);
    expect(delayAfter(100, 5)).toBe(15 * 60);
  });

  it('lets one attempt through per delay, however many arrive at once', async () => {
    const client = '198.51.100.71';
    const wrong = { email: 'ghost-parallel@example.test', password: 'guess' };
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT_CLIENT; i++) await verifyCredentials(wrong, client, t.db);
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => verifyCredentials(wrong, client, t.db)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof SignInDelayedError)).toHaveLength(9);
  });

  it('slows one client guessing across many accounts, and no one else', async () => {
    const sprayer = '203.0.113.200';
    for (let i = 0; i < FREE_FAILURES_PER_CLIENT; i++)
      expect(
        await verifyCredentials({ email: `spray${i}@example.test`, password: 'Winter2026' }, sprayer, t.db),
      ).toBeNull();
    expect(
      await verifyCredentials({ email: 'spray-next@example.test', password: 'Winter2026' }, sprayer, t.db),
    ).toBeNull();
    await expect(
      verifyCredentials({ email: 'spray-last@example.test', password: 'Winter2026' }, sprayer, t.db),
    ).rejects.toBeInstanceOf(SignInDelayedError);
    // Signing in to an account of its own does not wipe the client's count.
    await t.db.execute(sql`update sign_in_limits set expire = ${Date.now() - 1} where key like 'gate:%'`);
    expect(
      await verifyCredentials({ email: 'admin@example.test', password: 'a new demo password' }, sprayer, t.db),
    ).toMatchObject({ role: 'admin' });
    await expect(
      verifyCredentials({ email: 'spray-after@example.test', password: 'Winter2026' }, sprayer, t.db),
    ).rejects.toBeInstanceOf(SignInDelayedError);
    expect(
      await verifyCredentials({ email: 'admin@example.test', password: 'a new demo password' }, userClient, t.db),
    ).toMatchObject({ role: 'admin' });
  });

  it('keeps a row per failed attempt (not per refused one) for the alert and support', async () => {
    const rows = await t.db.select().from(signInFailures).where(eq(signInFailures.client, '198.51.100.66'));
    expect(rows.length).toBeGreaterThanOrEqual(FREE_FAILURES_PER_ACCOUNT_CLIENT);
    expect(rows.length).toBeLessThan(12);
    expect(rows.every((r) => r.email === 'support@example.test' && r.reason === 'password')).toBe(true);
  });

  it('forgets earlier failures of that e-mail and client after a successful sign-in', async () => {
    const wrong = { email: 'finance@example.test', password: 'typo' };
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT_CLIENT - 1; i++) await verifyCredentials(wrong, userClient, t.db);
    expect(
      await verifyCredentials({ email: 'finance@example.test', password: 'a new demo password' }, userClient, t.db),
    ).toMatchObject({ role: 'finance' });
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT_CLIENT - 1; i++)
      expect(await verifyCredentials(wrong, userClient, t.db)).toBeNull();
    expect(
      await verifyCredentials({ email: 'finance@example.test', password: 'a new demo password' }, userClient, t.db),
    ).toMatchObject({ role: 'finance' });
  });
});
