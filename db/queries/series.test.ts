import { describe, expect, it } from 'vitest';
import { bucketsOf, latencyTable, pivot, ranked, rate, rateSeries, total } from './series';

const at = (iso: string) => new Date(iso);

describe('go-live aggregations', () => {
  it('has one bucket per hour or day of the range, ending at now', () => {
    const now = at('2026-11-25T21:30:00Z');
    const hours = bucketsOf('24h', now);
    expect(hours).toHaveLength(24);
    expect(new Date(hours.at(-1)!).toISOString()).toBe('2026-11-25T21:00:00.000Z');
    expect(bucketsOf('30d', now)).toHaveLength(30);
  });

  it('pivots rollup rows into columns and keeps quiet buckets at zero', () => {
    const buckets = [Date.parse('2026-11-25T20:00:00Z'), Date.parse('2026-11-25T21:00:00Z')];
    const rows = pivot(
      [
        { bucket: at('2026-11-25T20:00:00Z'), dims: 'outbound|delivered|', count: 3, sum: 0 },
        { bucket: at('2026-11-25T20:00:00Z'), dims: 'outbound|failed|server', count: 1, sum: 0 },
        { bucket: at('2026-11-25T20:00:00Z'), dims: 'inbound|delivered|', count: 9, sum: 0 },
      ],
      buckets,
      ['delivered', 'failed'],
      ([direction, status]) => (direction === 'outbound' ? status! : null),
    );
    expect(rows).toEqual([
      { t: buckets[0], delivered: 3, failed: 1 },
      { t: buckets[1], delivered: 0, failed: 0 },
    ]);
    expect(total(rows, 'delivered')).toBe(3);
    expect(rateSeries(rows, 'delivered', 'failed')).toEqual([
      { t: buckets[0], rate: 75 },
      { t: buckets[1], rate: null },
    ]);
  });

  it('computes rates, latency percentiles and rankings', () => {
    expect(rate(1, 2)).toBe(33.3);
    expect(rate(0, 0)).toBeNull();
    const table = latencyTable([
      { dims: 'goroute|documents.send|202', hist: [10, 10, 0, 0, 0, 0, 0, 0, 0, 0], count: 20 },
      { dims: 'goroute|documents.send|503', hist: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], count: 0 },
    ]);
    expect(table).toEqual([{ name: 'goroute documents.send', calls: 20, p50: 25, p95: 47.5 }]);
    expect(
      ranked(
        [
          { bucket: at('2026-11-25T20:00:00Z'), dims: 'BR-CO-15', count: 2, sum: 0 },
          { bucket: at('2026-11-25T21:00:00Z'), dims: 'BR-CO-15', count: 1, sum: 0 },
          { bucket: at('2026-11-25T21:00:00Z'), dims: 'PEPPOL-EN16931-R001', count: 5, sum: 0 },
        ],
        ([rule]) => rule!,
      ),
    ).toEqual([
      { name: 'PEPPOL-EN16931-R001', count: 5 },
      { name: 'BR-CO-15', count: 3 },
    ]);
  });
});
