import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, timelineEvents, transactions } from '@/db/schema';
import { freshDatabase, testServers, useAsProcessDatabase } from '@/test/databases';
import { getDocumentDetail } from './document-detail';
import { getTransactionDetail } from './item-detail';

describe.each(testServers())('the document page timeline on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    t = await freshDatabase(url);
  });
  afterAll(() => t?.drop());

  it('folds a poll answered 404 a thousand times into one line, so what came after still shows', async () => {
    const [doc] = await t.db
      .insert(documents)
      .values({
        sourceId: 'SRC-TL-1',
        uploadIdempotencyKey: 'upload:SRC-TL-1:1',
        filename: 'a.pdf',
        fileFormat: 'pdf',
        fileSize: 1,
        pipelineState: 'extraction_failed',
      })
      .returning();
    const start = Date.UTC(2026, 10, 2, 13, 0, 0);
    const at = (s: number) => new Date(start + s * 1000);
    const poll = (s: number) => ({
      documentId: doc!.id,
      kind: 'api_call' as const,
      title: 'exdata GET /api/v1/documents/doc_x → 404',
      createdAt: at(s),
      detail: { requestId: `req_${s}` },
    });
    await t.db.insert(timelineEvents).values({
      documentId: doc!.id,
      kind: 'transition',
      title: 'Uploaded to exdata',
      toState: 'extracting',
      createdAt: at(0),
    });
    for (let chunk = 0; chunk < 1200; chunk += 400)
      await t.db.insert(timelineEvents).values(Array.from({ length: 400 }, (_, i) => poll(10 + (chunk + i) * 5)));
    await t.db.insert(timelineEvents).values([
      {
        documentId: doc!.id,
        kind: 'transition',
        title: 'exdata: document doc_x not found (404), polling stopped',
        toState: 'extraction_failed',
        createdAt: at(7000),
      },
      poll(7001),
      poll(7002),
    ]);
    const detail = await getDocumentDetail(doc!.id, t.db);
    const lines = detail!.timeline.map((e) => ({ title: e.event.title, repeats: e.repeats }));
    expect(lines).toEqual([
      { title: 'Uploaded to exdata', repeats: 1 },
      { title: 'exdata GET /api/v1/documents/doc_x → 404', repeats: 1200 },
      { title: 'exdata: document doc_x not found (404), polling stopped', repeats: 1 },
      { title: 'exdata GET /api/v1/documents/doc_x → 404', repeats: 2 },
    ]);
    // The run keeps its first event (time and request ID) and learns its last time.
    expect(detail!.timeline[1]).toMatchObject({
      event: { createdAt: at(10), detail: { requestId: 'req_10' } },
      lastAt: at(10 + 1199 * 5),
    });
  });

  it('folds the same way on the transaction page, where 700 tracking calls no longer push out what came after', async () => {
    const [txn] = await t.db
      .insert(transactions)
      .values({
        direction: 'outbound',
        status: 'failed',
        gorouteTransactionId: 'txn_tl',
        sendIdempotencyKey: 'send:SRC-TL-2',
      })
      .returning();
    const start = Date.UTC(2026, 10, 2, 14, 0, 0);
    const at = (s: number) => new Date(start + s * 1000);
    const track = (s: number) => ({
      transactionId: txn!.id,
      kind: 'api_call' as const,
      title: 'goroute GET /api/v1/transactions/txn_tl → 503',
      createdAt: at(s),
    });
    await t.db.insert(timelineEvents).values(Array.from({ length: 700 }, (_, i) => track(i * 2)));
    await t.db.insert(timelineEvents).values({
      transactionId: txn!.id,
      kind: 'system',
      title: 'Dead-lettered: TRANSACTION_NOT_FOUND',
      createdAt: at(2000),
    });
    const restore = useAsProcessDatabase(t);
    try {
      const detail = await getTransactionDetail(txn!.id);
      expect(detail!.timeline.map((e) => [e.event.title, e.repeats])).toEqual([
        ['goroute GET /api/v1/transactions/txn_tl → 503', 700],
        ['Dead-lettered: TRANSACTION_NOT_FOUND', 1],
      ]);
    } finally {
      restore();
    }
  });
});
