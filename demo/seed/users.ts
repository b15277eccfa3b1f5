import bcrypt from 'bcryptjs';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { roles, users, type Role } from '@/db/schema';

export const demoUsers: ReadonlyArray<{ role: Role; email: string; name: string }> = [
  { role: 'admin', email: 'admin@example.test', name: 'Ada Admin' },
  { role: 'support', email: 'support@example.test', name: 'Sam Support' },
  { role: 'finance', email: 'finance@example.test', name: 'Fien Finance' },
  { role: 'manager', email: 'manager@example.test', name: 'Max Manager' },
];

// Cost 10 keeps a sign-in around 60 ms on this hardware while staying a real bcrypt hash.
const BCRYPT_COST = 10;

export function hashPassword(password: string) {
  return bcrypt.hash(password, BCRYPT_COST);
}

/**
 * Creates the four demo users if missing. When `password` is given, every demo user's hash is
 * set to it (so DEMO_PASSWORD can also reset a forgotten generated password).
 * Returns the user IDs by role.
 */
export async function ensureDemoUsers(db: Database, password: string | undefined) {
  const hash = password ? await hashPassword(password) : undefined;
  const ids = {} as Record<Role, string>;
  for (const demo of demoUsers) {
    const [existing] = await db
      .select({ id: users.id, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(sql`lower(${users.email})`, demo.email));
    if (existing) {
      ids[demo.role] = existing.id;
      if (password && !(existing.passwordHash && (await bcrypt.compare(password, existing.passwordHash)))) {
        await db.update(users).set({ passwordHash: hash }).where(eq(users.id, existing.id));
      }
      continue;
    }
    if (!hash) throw new Error(`Demo user ${demo.email} is missing and no password was given to create it`);
    const [created] = await db
      .insert(users)
      .values({ email: demo.email, name: demo.name, role: demo.role, passwordHash: hash })
      .returning({ id: users.id });
    ids[demo.role] = created!.id;
  }
  for (const role of roles) if (!ids[role]) throw new Error(`No demo user for role ${role}`);
  return ids;
}
