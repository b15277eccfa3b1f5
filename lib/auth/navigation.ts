import type { Role } from '@/db/schema/enums';
import { can, type Permission } from '../rules/permissions';

export type NavItem = { href: string; label: string; permission: Permission };

/** The console's sidebar; each entry is shown only to roles holding its permission. */
const navItems: NavItem[] = [
  { href: '/', label: 'Go-live', permission: 'dashboard:view' },
  { href: '/alerts', label: 'Alerts', permission: 'dashboard:view' },
  { href: '/documents', label: 'Documents', permission: 'documents:view' },
  { href: '/transactions', label: 'Transactions', permission: 'transactions:view' },
  { href: '/failures', label: 'Failures', permission: 'failures:view' },
  { href: '/webhooks', label: 'Webhooks', permission: 'webhooks:view' },
  { href: '/review', label: 'Review', permission: 'review:view' },
  { href: '/audit', label: 'Audit', permission: 'audit:view' },
  { href: '/settings', label: 'Settings', permission: 'settings:view' },
];

export function navFor(role: Role): NavItem[] {
  return navItems.filter((item) => can(role, item.permission));
}
