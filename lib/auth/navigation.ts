import type { Role } from '@/db/schema/enums';
import { can, type Permission } from '../rules/permissions';

/** `key`: the letter that follows `g` to go there from anywhere (`g d` → Documents). */
export type NavItem = { href: string; label: string; permission: Permission; key: string };

/** The console's sidebar; each entry is shown only to roles holding its permission. */
const navItems: NavItem[] = [
  { href: '/', label: 'Go-live', permission: 'dashboard:view', key: 'h' },
  { href: '/alerts', label: 'Alerts', permission: 'dashboard:view', key: 'a' },
  { href: '/documents', label: 'Documents', permission: 'documents:view', key: 'd' },
  { href: '/transactions', label: 'Transactions', permission: 'transactions:view', key: 't' },
  { href: '/failures', label: 'Failures', permission: 'failures:view', key: 'f' },
  { href: '/webhooks', label: 'Webhooks', permission: 'webhooks:view', key: 'w' },
  { href: '/review', label: 'Review', permission: 'review:view', key: 'r' },
  { href: '/audit', label: 'Audit', permission: 'audit:view', key: 'u' },
  { href: '/settings', label: 'Settings', permission: 'settings:view', key: 's' },
];

export function navFor(role: Role): NavItem[] {
  return navItems.filter((item) => can(role, item.permission));
}

/** A command of the palette (Ctrl/⌘-K) that is not a page of the sidebar: where the work is done. */
export type CommandItem = { href: string; label: string; permission: Permission; keywords?: string[] };

const commandItems: CommandItem[] = [
  {
    href: '/review/next',
    label: 'Review the next document',
    permission: 'review:decide',
    keywords: ['approve', 'finance'],
  },
  {
    href: '/documents?view=pending',
    label: 'Documents pending too long',
    permission: 'documents:view',
    keywords: ['stuck', 'waiting'],
  },
  {
    href: '/failures',
    label: 'Retry failed sends',
    permission: 'transactions:retry',
    keywords: ['bulk', 'dead letter'],
  },
  {
    href: '/transactions/lookup',
    label: 'Look up a Peppol participant',
    permission: 'participants:lookup',
    keywords: ['smp', 'receiver'],
  },
  {
    href: '/webhooks?result=failed',
    label: 'Webhooks that failed processing',
    permission: 'webhooks:view',
    keywords: ['reprocess'],
  },
  { href: '/alerts', label: 'Open alerts', permission: 'dashboard:view', keywords: ['incident'] },
];

export function commandsFor(role: Role): CommandItem[] {
  return commandItems.filter((item) => can(role, item.permission));
}
