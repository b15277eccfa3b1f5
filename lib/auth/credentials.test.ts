import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '@/db/schema';
import { ensureDemoUsers, hashPassword } from '@/db/seed/users';
import { freshDatabase, testServers } from '@/test/databases';
import { verifyCredentials } from './credentials';
import { MAX_FAILED_SIGN_INS, SIGN_IN_LOCKED } from './sign-in-limit';

describe.each(testServers())('password sign-in on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    t = await freshDatabase(url);
    await ensureDemoUsers(t.db, 'correct horse battery');
  });
  afterAll(() => t?.drop());

  it('signs a user in with the role from the database, and audits it', async () => {
    const user = await verifyCredentials({ email: 'Finance@Example.test', password: 'correct horse battery' }, t.db);
    expect(user).toMatchObject({ email: 'finance@example.test', role: 'finance' });
    const rows = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.sign_in'), eq(auditLog.actorId, user!.id)));
    expect(rows).toHaveLength(1);
  });

  it('refuses a wrong password, an unknown e-mail and malformed input alike', async () => {
    expect(await verifyCredentials({ email: 'finance@example.test', password: 'wrong' }, t.db)).toBeNull();
    expect(await verifyCredentials({ email: 'nobody@example.test', password: 'correct horse battery' }, t.db)).toBeNull();
    expect(await verifyCredentials({ email: 'not-an-email', password: 'x' }, t.db)).toBeNull();
    expect(await verifyCredentials(undefined, t.db)).toBeNull();
  });

  it('refuses a deactivated user', async () => {
    await t.db.insert(users).values({ email: 'gone@example.test', name: 'Gone', role: 'support', passwordHash: await hashPassword('pw-12345678'), active: false });
    expect(await verifyCredentials({ email: 'gone@example.test', password: 'pw-12345678' }, t.db)).toBeNull();
  });

  it('resets demo passwords when DEMO_PASSWORD changes', async () => {
    await ensureDemoUsers(t.db, 'a new demo password');
    expect(await verifyCredentials({ email: 'admin@example.test', password: 'correct horse battery' }, t.db)).toBeNull();
    expect(await verifyCredentials({ email: 'admin@example.test', password: 'a new demo password' }, t.db)).toMatchObject({ role: 'admin' });
  });

  it('locks an e-mail after repeated failures, even for the right password, and only that e-mail', async () => {
    const wrong = { email: 'support@example.test', password: 'guess' };
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) expect(await verifyCredentials(wrong, t.db)).toBeNull();
    await expect(verifyCredentials({ email: 'SUPPORT@example.test', password: 'a new demo password' }, t.db)).rejects.toThrow(SIGN_IN_LOCKED);
    expect(await verifyCredentials({ email: 'manager@example.test', password: 'a new demo password' }, t.db)).toMatchObject({ role: 'manager' });
    // An unknown e-mail locks the same way, so a lock does not reveal whether an account exists.
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await verifyCredentials({ email: 'ghost@example.test', password: 'guess' }, t.db);
    await expect(verifyCredentials({ email: 'ghost@example.test', password: 'guess' }, t.db)).rejects.toThrow(SIGN_IN_LOCKED);
    // The lock ends with its window (moved into the past here rather than waited for).
    await t.db.execute(sql`update sign_in_limits set expire = ${Date.now() - 1}`);
    expect(await verifyCredentials({ email: 'support@example.test', password: 'a new demo password' }, t.db)).toMatchObject({ role: 'support' });
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const wrong = { email: 'finance@example.test', password: 'typo' };
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await verifyCredentials(wrong, t.db);
    expect(await verifyCredentials({ email: 'finance@example.test', password: 'a new demo password' }, t.db)).toMatchObject({ role: 'finance' });
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await verifyCredentials(wrong, t.db);
    expect(await verifyCredentials({ email: 'finance@example.test', password: 'a new demo password' }, t.db)).toMatchObject({ role: 'finance' });
  });
});
