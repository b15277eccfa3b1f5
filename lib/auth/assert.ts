import type { SessionUser } from './credentials';
import { can, type Permission } from '../rules/permissions';

export class ForbiddenError extends Error {
  constructor(readonly permission: Permission) {
    super(`Your role does not allow this (${permission})`);
    this.name = 'ForbiddenError';
  }
}

/** The server-side check every state-changing function repeats, whatever called it. */
export function assertCan(user: SessionUser, permission: Permission) {
  if (!can(user.role, permission)) throw new ForbiddenError(permission);
}
