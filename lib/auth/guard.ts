import 'server-only';
import { cache } from 'react';
import { and, eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import { forbidden, redirect } from 'next/navigation';
import { db } from '@/db/client';
import { users } from '@/db/schema';
import { authOptions } from './options';
import { can, type Permission } from '../rules/permissions';
import type { SessionUser } from './credentials';
import type { Role } from '@/db/schema/enums';

/**
 * The signed-in user, read once per request. The role comes from the database, not the cookie,
 * so a role change or a deactivation takes effect on the next request.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  return activeUser(id);
});

async function activeUser(id: string): Promise<SessionUser | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true)));
  return user ?? null;
}

/**
 * A signed-in user's role now, or null once they are deactivated: for what outlives its request (the live stream
 * re-reads it while it stays open, so a changed role or a deactivation takes effect there too).
 */
export async function currentRole(userId: string): Promise<Role | null> {
  return (await activeUser(userId))?.role ?? null;
}

/** For pages and server actions: anonymous → /login, lacking the permission → 403. */
export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (!can(user.role, permission)) forbidden();
  return user;
}

/** For route handlers: the user, or the JSON response to return instead (401 / 403). */
export async function authorizeRequest(
  permission: Permission,
): Promise<{ user: SessionUser } | { response: Response }> {
  const user = await getCurrentUser();
  if (!user) return { response: Response.json({ error: 'Sign in required' }, { status: 401 }) };
  if (!can(user.role, permission))
    return { response: Response.json({ error: `Missing permission ${permission}` }, { status: 403 }) };
  return { user };
}
