import { describe, expect, it } from 'vitest';
import { collapseRepeatedCalls, repeatLabel } from './timeline-runs';

const at = (s: number) => new Date(Date.UTC(2026, 10, 2, 14, 0, s));
const call = (id: number, s: number, title = 'exdata GET /api/v1/documents/doc_1 → 404') => ({
  id,
  kind: 'api_call',
  title,
  createdAt: at(s),
});

describe('timeline runs', () => {
  it('folds consecutive identical calls into the first, keeping its time and adding the count and the last time', () => {
    const entries = [
      { id: 1, kind: 'transition', title: 'Uploaded to exdata', createdAt: at(0) },
      ...Array.from({ length: 37 }, (_, i) => call(2 + i, 1 + i * 3)),
      {
        id: 99,
        kind: 'transition',
        title: 'exdata: document doc_1 not found (404), polling stopped',
        createdAt: at(131),
      },
    ];
    const runs = collapseRepeatedCalls(entries);
    expect(runs.map((r) => [r.id, r.repeats])).toEqual([
      [1, 1],
      [2, 37],
      [99, 1],
    ]);
    expect(runs[1]).toMatchObject({ createdAt: at(1), lastAt: at(109) });
    expect(repeatLabel(runs[1]!)).toBe('× 37, last at 14:01:49 UTC');
    expect(repeatLabel(runs[0]!)).toBeNull();
  });

  it('keeps calls apart that differ in method, path or status, or have anything between them', () => {
    const runs = collapseRepeatedCalls([
      call(1, 0),
      call(2, 1, 'exdata GET /api/v1/documents/doc_1 → 200'),
      call(3, 2, 'exdata GET /api/v1/documents/doc_2 → 404'),
      call(4, 3, 'exdata POST /api/v1/documents → 404'),
      call(5, 4),
      { id: 6, kind: 'webhook', title: 'exdata GET /api/v1/documents/doc_1 → 404', createdAt: at(5) },
      call(7, 6),
      call(8, 7),
    ]);
    expect(runs.map((r) => [r.id, r.repeats])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 2],
    ]);
  });

  it('adds up runs the query already folded, and names the day when a run crossed midnight', () => {
    const runs = collapseRepeatedCalls([
      { ...call(1, 0), repeats: 500, lastAt: at(50) },
      { ...call(2, 51), repeats: 20, lastAt: new Date(Date.UTC(2026, 10, 3, 0, 0, 5)) },
    ]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: 1, repeats: 520 });
    expect(repeatLabel(runs[0]!)).toBe('× 520, last at 3 Nov 2026, 00:00:05 UTC');
  });
});
