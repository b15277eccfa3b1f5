import type { Role } from '@/db/schema/enums';

// One permission map, read by the server guard and by the UI (which only hides what the server refuses anyway).
export const permissions = [
  'dashboard:view',
  'documents:view',
  'documents:retry',
  'documents:block',
  'documents:fix',
  'transactions:view',
  'transactions:retry',
  'failures:view',
  'webhooks:view',
  'webhooks:reprocess',
  'review:view',
  'review:decide',
  'participants:lookup',
  'audit:view',
  'alerts:manage',
  'settings:view',
  'settings:manage',
  'users:manage',
  'checklist:attest',
] as const;
export type Permission = (typeof permissions)[number];

const read: Permission[] = ['dashboard:view', 'documents:view', 'transactions:view'];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(permissions),
  support: new Set<Permission>([
    ...read,
    'documents:retry',
    'documents:block',
    'documents:fix',
    'transactions:retry',
    'failures:view',
    'webhooks:view',
    'webhooks:reprocess',
    'participants:lookup',
    'audit:view',
    'alerts:manage',
  ]),
  finance: new Set<Permission>([...read, 'review:view', 'review:decide', 'documents:block', 'documents:fix']),
  manager: new Set<Permission>([...read, 'failures:view', 'webhooks:view', 'review:view', 'audit:view']),
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  support: 'Support',
  finance: 'Finance',
  manager: 'Manager',
};
