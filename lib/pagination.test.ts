import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, PAGE_SIZE, toPage } from './pagination';

describe('keyset cursors', () => {
  it('round-trips PostgreSQL timestamps with microseconds', () => {
    const c = encodeCursor('2026-11-25 18:04:38.123456+00', '5b0c6b1e-1f57-4d55-8f0e-6a1e2f3c4d5e');
    expect(decodeCursor(c)).toEqual({
      at: '2026-11-25 18:04:38.123456+00',
      id: '5b0c6b1e-1f57-4d55-8f0e-6a1e2f3c4d5e',
    });
  });

  it('treats edited or hostile cursors as the first page', () => {
    expect(decodeCursor('not-base64!')).toBeNull();
    expect(
      decodeCursor(Buffer.from(JSON.stringify({ at: "2026'; drop table x;--", id: '1' })).toString('base64url')),
    ).toBeNull();
    expect(decodeCursor(encodeCursor('2026-11-25 18:04:38+00', "1' or '1'='1"))).toBeNull();
    expect(decodeCursor(['a', 'b'])).toBeNull();
    // Shaped like a timestamp and an id, but PostgreSQL would refuse the casts.
    expect(decodeCursor(encodeCursor('2026-99-99 99:99:99+00', '1'))).toBeNull();
    expect(decodeCursor(encodeCursor('2026-02-30 00:00:00+00', '1'))).toBeNull();
    expect(decodeCursor(encodeCursor('2026-01-01 00:00:00+00', 'not-a-uuid'))).toBeNull();
  });

  it('emits a next cursor only when there is another page', () => {
    const rows = Array.from({ length: PAGE_SIZE + 1 }, (_, i) => ({
      at: `2026-01-01 00:00:${String(59 - (i % 60)).padStart(2, '0')}+00`,
      id: i,
    }));
    const full = toPage(rows, (r) => r);
    expect(full.items).toHaveLength(PAGE_SIZE);
    expect(decodeCursor(full.next ?? undefined)?.id).toBe(String(PAGE_SIZE - 1));
    expect(toPage(rows.slice(0, PAGE_SIZE), (r) => r).next).toBeNull();
  });
});
