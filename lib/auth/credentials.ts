import bcrypt from 'bcryptjs';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Database } from '@/db/client';
import { recordAudit } from '@/lib/pipeline/audit-trail';
import { users, type Role } from '@/db/schema';
import { admitSignIn, clearFailedSignIns, recordFailedSignIn } from './sign-in-limit';

const SignInInput = z.object({
  email: z
    .email()
    .max(254)
    .transform((v) => v.toLowerCase()),
  password: z.string().min(1).max(200),
});

export type SessionUser = { id: string; email: string; name: string; role: Role };

// Compared against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
const DUMMY_HASH = '$2b$10$R9qmx0He55um17RtMjdtKuOR/0S977O2t2w4u04EcaJNTxrxdxrrW';

/**
 * Checks an e-mail and password from `client` (lib/http/client-address.ts); null for any failure, without saying
 * which part was wrong. Throws SignInDelayedError (next-auth shows it as `?error=SignInDelayed:<seconds>`) while
 * this e-mail from this client, or this client across e-mails, must wait after too many failures; such an attempt
 * is refused before its password is compared, so guessing gains nothing from it.
 */
export async function verifyCredentials(
  input: unknown,
  client: string,
  database: Database = db,
): Promise<SessionUser | null> {
  const parsed = SignInInput.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  await admitSignIn(database, email, client);
  const [user] = await database
    .select()
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email), eq(users.active, true)));
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !user.passwordHash || !ok) {
    await recordFailedSignIn(database, email, client);
    return null;
  }
  await clearFailedSignIns(database, email, client);
  await recordSignIn(user, 'password', database);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** An active user by e-mail, for single sign-on: SSO users must be provisioned by an admin first. */
export async function findActiveUserByEmail(email: string, database: Database = db): Promise<SessionUser | null> {
  const [user] = await database
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(sql`lower(${users.email})`, email.toLowerCase()), eq(users.active, true)));
  return user ?? null;
}

export async function recordSignIn(
  user: { id: string; email: string },
  method: 'password' | 'oidc',
  database: Database = db,
) {
  await database.transaction(async (tx) => {
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
    await recordAudit(tx, {
      actor: user,
      action: 'auth.sign_in',
      target: { type: 'user', id: user.id },
      after: { method },
    });
  });
}
