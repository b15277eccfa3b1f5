import { describe, expect, it } from 'vitest';
import { diffChanges } from './change-diff';

describe('diffChanges', () => {
  it('lists only the keys that changed, with before and after', () => {
    expect(diffChanges({ state: 'in_review', reason: null }, { state: 'blocked', reason: 'IBAN changed' })).toEqual([
      { key: 'state', before: 'in_review', after: 'blocked', kind: 'changed' },
      { key: 'reason', after: 'IBAN changed', kind: 'added' },
    ]);
  });

  it('flattens one level so a field correction reads as fields.iban', () => {
    const changes = diffChanges(
      { fields: { iban: 'BE71096123456769', total: '10.00' } },
      { fields: { iban: 'NL91ABNA0417164300', total: '10.00' } },
    );
    expect(changes).toEqual([
      { key: 'fields.iban', before: 'BE71096123456769', after: 'NL91ABNA0417164300', kind: 'changed' },
    ]);
  });

  it('handles a missing side and non-object values', () => {
    expect(diffChanges(null, { count: 3 })).toEqual([{ key: 'count', after: '3', kind: 'added' }]);
    expect(diffChanges({ a: 1 }, null)).toEqual([{ key: 'a', before: '1', kind: 'removed' }]);
    expect(diffChanges('x', 'y')).toEqual([{ key: 'value', before: 'x', after: 'y', kind: 'changed' }]);
    expect(diffChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
