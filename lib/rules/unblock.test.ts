import { describe, expect, it } from 'vitest';
import { roles } from '@/db/schema/enums';
import { blockerOf, canUnblock, unblockRefusal, type Blocker } from './unblock';

describe('who may lift whose block', () => {
  // Rows: who blocked. Columns: admin, support, finance, manager.
  const expected: Record<Blocker, [boolean, boolean, boolean, boolean]> = {
    admin: [true, false, false, false],
    support: [true, true, false, false],
    finance: [true, false, true, false],
    manager: [true, false, false, false],
    automation: [true, true, false, false],
    unknown: [true, false, false, false],
  };

  it.each(Object.entries(expected))('a block by %s is lifted by exactly these roles', (blocker, allowed) => {
    expect(roles.map((r) => canUnblock(r, blocker as Blocker))).toEqual(allowed);
  });

  it('tells a block by automation (no user) from a person’s, and a former user’s', () => {
    expect(blockerOf({ blockedBy: null, blockedByRole: null })).toBe('automation');
    expect(blockerOf({ blockedBy: 'u1', blockedByRole: 'finance' })).toBe('finance');
    expect(blockerOf({ blockedBy: 'u1', blockedByRole: null })).toBe('unknown');
  });

  it('names who may lift it when refusing', () => {
    expect(unblockRefusal('finance')).toBe(
      'This document was blocked by finance; only finance or an admin may unblock it.',
    );
    expect(unblockRefusal('automation')).toBe(
      'This document was blocked by automation; only support or an admin may unblock it.',
    );
  });
});
