import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '@/db/schema';
import { ensureDemoUsers, hashPassword } from '@/db/seed/users';
import { freshDatabase, testServers } from '@/test/databases';
import { verifyCredentials } from './credentials';

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
});
