import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documents, transactions } from '@/db/schema';
import { decodeCursor } from '@/lib/pagination';
import { freshDatabase, testServers, useAsProcessDatabase } from '@/test/databases';

describe.each(testServers())('failed sends pages on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let restoreDb: (() => void) | undefined;
  beforeAll(async () => {
    t = await freshDatabase(url);
    restoreDb = useAsProcessDatabase(t);
  });
  afterAll(async () => {
    restoreDb?.();
    await t?.drop();
  });

  it('walks every failed send once, longest waiting first, also through rows failed in the same microsecond', async () => {
    const base = Date.parse('2026-11-20T10:00:00Z');
    // A bulk retry's failures share timestamps: 40 rows on one instant, the rest spread out.
    const rows = Array.from({ length: 130 }, (_, i) => ({
      direction: 'outbound' as const,
      status: 'failed' as const,
      sendIdempotencyKey: `send:page-${i}`,
      lastErrorCategory: i % 2 ? ('server' as const) : ('validation' as const),
      lastErrorRetryable: i % 2 === 1,
      statusChangedAt: new Date(i < 40 ? base : base + i * 1_000),
    }));
    await t.db.insert(transactions).values(rows);
    await t.db
      .insert(transactions)
      .values({ direction: 'outbound', status: 'delivered', sendIdempotencyKey: 'send:page-ok' });
    const { listFailedSends } = await import('./failures');
    const seen: string[] = [];
    const times: number[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listFailedSends({}, decodeCursor(after ?? undefined));
      seen.push(...page.items.map((r) => r.id));
      times.push(...page.items.map((r) => r.statusChangedAt.getTime()));
      after = page.next;
      if (!after) break;
    }
    expect(seen).toHaveLength(130);
    expect(new Set(seen).size).toBe(130);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const servers = await listFailedSends({ category: 'server' });
    expect(servers.items.every((r) => r.lastErrorCategory === 'server')).toBe(true);
  });

  it('counts failed extractions and lists only the newest few, newest first', async () => {
    const base = Date.parse('2026-11-21T10:00:00Z');
    await t.db.insert(documents).values(
      Array.from({ length: 14 }, (_, i) => ({
        sourceId: `SRC-FAILED-${i}`,
        uploadIdempotencyKey: `upload:failed-${i}:1`,
        filename: `f${i}.pdf`,
        fileFormat: 'pdf',
        fileSize: 1000,
        pipelineState: 'extraction_failed' as const,
        exdataStatus: 'error' as const,
        stateChangedAt: new Date(base + i * 60_000),
      })),
    );
    const { countFailures, listFailedExtractions } = await import('./failures');
    expect((await countFailures()).extractionFailed).toBe(14);
    const shown = await listFailedExtractions(10);
    expect(shown.map((d) => d.sourceId)).toEqual(Array.from({ length: 10 }, (_, i) => `SRC-FAILED-${13 - i}`));
  });

  it('reuses the summary counts for 10 seconds, then counts again', async () => {
    const { countFailures } = await import('./failures');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const before = (await countFailures()).extractionFailed;
      await t.db.insert(documents).values({
        sourceId: 'SRC-FAILED-LATE',
        uploadIdempotencyKey: 'upload:failed-late:1',
        filename: 'late.pdf',
        fileFormat: 'pdf',
        fileSize: 1000,
        pipelineState: 'extraction_failed',
        exdataStatus: 'error',
      });
      expect((await countFailures()).extractionFailed).toBe(before);
      vi.advanceTimersByTime(10_001);
      expect((await countFailures()).extractionFailed).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});
