import type { Role } from '@/db/schema/enums';
import { can } from './permissions';

/**
 * Who made a block: a person's role (as it is now), automation (blocked_by empty: exdata's 402 / `blocked`),
 * or `unknown` when the blocking user no longer exists.
 */
export type Blocker = Role | 'automation' | 'unknown';

/**
 * Who may lift whose block. A block is a decision; it is lifted by the team that made it, or by an admin:
 * finance's holds are about money and vendor identity (a changed IBAN, a suspected fake invoice), which support
 * must not wave through; support's are operational (a duplicate, a vendor's request), which finance has no view
 * of; automation's (exdata credits) are support's to clear, like every provider problem. Managers block nothing
 * and lift nothing.
 */
const unblockers: Record<Blocker, readonly Role[]> = {
  admin: ['admin'],
  support: ['support', 'admin'],
  finance: ['finance', 'admin'],
  manager: ['admin'],
  automation: ['support', 'admin'],
  unknown: ['admin'],
};

export function blockerOf(block: { blockedBy: string | null; blockedByRole: Role | null }): Blocker {
  if (block.blockedBy === null) return 'automation';
  return block.blockedByRole ?? 'unknown';
}

/** Unblocking needs the block permission and to be one of those who may lift this block. */
export function canUnblock(role: Role, blocker: Blocker): boolean {
  return can(role, 'documents:block') && unblockers[blocker].includes(role);
}

const whose: Record<Blocker, string> = {
  admin: 'an admin',
  support: 'support',
  finance: 'finance',
  manager: 'a manager',
  automation: 'automation',
  unknown: 'a former user',
};

/** The refusal a person sees, naming who may lift it instead. */
export function unblockRefusal(blocker: Blocker): string {
  const who = unblockers[blocker].map((r) => (r === 'admin' ? 'an admin' : r)).join(' or ');
  return `This document was blocked by ${whose[blocker]}; only ${who} may unblock it.`;
}
