import { describe, expect, it } from 'vitest';
import { roles } from '@/db/schema/enums';
import { navFor } from '../auth/navigation';
import { can, permissions } from './permissions';

describe('permissions', () => {
  it('gives admins everything', () => {
    for (const p of permissions) expect(can('admin', p)).toBe(true);
  });

  it('lets only finance and admins decide reviews', () => {
    expect(roles.filter((r) => can(r, 'review:decide'))).toEqual(['admin', 'finance']);
  });

  it('lets only admins change settings and users', () => {
    expect(roles.filter((r) => can(r, 'settings:manage'))).toEqual(['admin']);
    expect(roles.filter((r) => can(r, 'users:manage'))).toEqual(['admin']);
  });

  it('keeps managers read-only', () => {
    const writes = permissions.filter((p) => !p.endsWith(':view'));
    expect(writes.filter((p) => can('manager', p))).toEqual([]);
  });

  it('shows each role only the sections it may open', () => {
    const labels = (role: (typeof roles)[number]) => navFor(role).map((i) => i.label);
    expect(labels('admin')).toEqual([
      'Go-live',
      'Alerts',
      'Documents',
      'Transactions',
      'Failures',
      'Webhooks',
      'Review',
      'Audit',
      'Settings',
    ]);
    expect(labels('support')).toEqual([
      'Go-live',
      'Alerts',
      'Documents',
      'Transactions',
      'Failures',
      'Webhooks',
      'Audit',
    ]);
    expect(labels('finance')).toEqual(['Go-live', 'Alerts', 'Documents', 'Transactions', 'Review']);
    expect(labels('manager')).toEqual([
      'Go-live',
      'Alerts',
      'Documents',
      'Transactions',
      'Failures',
      'Webhooks',
      'Review',
      'Audit',
    ]);
  });
});
