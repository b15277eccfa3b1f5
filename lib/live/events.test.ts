import { describe, expect, it } from 'vitest';
import { mergeChanges, names, parseChange, resync } from './events';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('live changes', () => {
  it('reads a notification payload, and refuses what is not one', () => {
    expect(parseChange({ topic: 'transactions', ids: [id(1)], documentIds: [id(2)] })).toEqual({
      topic: 'transactions',
      ids: [id(1)],
      documentIds: [id(2)],
    });
    expect(parseChange({ topic: 'documents', ids: 'all' })).toEqual({ topic: 'documents', ids: 'all' });
    expect(parseChange({ topic: 'documents', ids: [], documentIds: [] })).toEqual({ topic: 'documents', ids: [] });
    expect(parseChange({ topic: 'timeline', ids: [] })).toBeNull();
    for (const bad of [
      null,
      'x',
      {},
      { topic: 'users', ids: [] },
      { topic: 'documents' },
      { topic: 'documents', ids: [1] },
    ])
      expect(parseChange(bad)).toBeNull();
    expect(parseChange({ topic: 'documents', ids: ['x'.repeat(41)] })).toBeNull();
  });

  it('folds changes per topic, and says "all" past 50 IDs of a topic or when any said it', () => {
    expect(
      mergeChanges([
        { topic: 'documents', ids: [id(1)] },
        { topic: 'transactions', ids: [id(2)], documentIds: [id(1)] },
        { topic: 'documents', ids: [id(1), id(3)] },
      ]),
    ).toEqual([
      { topic: 'documents', ids: [id(1), id(3)] },
      { topic: 'transactions', ids: [id(2)], documentIds: [id(1)] },
    ]);
    const many = Array.from({ length: 51 }, (_, i) => ({ topic: 'documents' as const, ids: [id(i)] }));
    expect(mergeChanges(many)).toEqual([{ topic: 'documents', ids: 'all' }]);
    expect(
      mergeChanges([
        { topic: 'alerts', ids: 'all' },
        { topic: 'alerts', ids: [id(1)] },
      ]),
    ).toEqual([{ topic: 'alerts', ids: 'all' }]);
  });

  it('tells a page whether a change concerns it: its own row, its document or send, or "all"', () => {
    const page = new Set([id(1), id(9)]);
    expect(names({ topic: 'documents', ids: [id(1)] }, page)).toBe(true);
    expect(names({ topic: 'transactions', ids: [id(5)], documentIds: [id(1)] }, page)).toBe(true);
    expect(names({ topic: 'webhooks', ids: [id(6)], transactionIds: [id(9)] }, page)).toBe(true);
    expect(names({ topic: 'documents', ids: [id(2)] }, page)).toBe(false);
    expect(names(resync(['documents'])[0]!, page)).toBe(true);
  });
});
