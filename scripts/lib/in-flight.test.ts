import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, transactions } from '@/db/schema';
import { queues } from '@/lib/jobs/queues';
import { startTestSandbox, type TestSandbox, waitUntil } from '@/sandbox/test-support';
import { freshDatabaseWithQueue, testServers } from '@/test/databases';
import { adoptInFlight, keepPromises } from './in-flight';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
let n = 0;
const doc = (
  state: 'received' | 'uploading' | 'extracting' | 'approved',
  extra: Partial<typeof documents.$inferInsert> = {},
) => {
  n++;
  return {
    sourceId: `SRC-IF-${n}`,
    uploadIdempotencyKey: `upload:if:${n}`,
    filename: `INV-${n}_vandenberghe.pdf`,
    fileFormat: 'pdf',
    fileSize: 1,
    pipelineState: state,
    ...extra,
  };
};

describe.each(testServers())('work in flight at start on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  let s: TestSandbox;
  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    s = await startTestSandbox({ speed: 20 });
  });
  afterAll(async () => {
    await s?.close();
    await t?.drop();
  });

  it('has the sandbox take over what the console waits on: moving items go on, items past their window stay put', async () => {
    const [moving, stuck] = await t.db
      .insert(documents)
      .values([
        doc('extracting', {
          exdataDocumentId: 'doc_adopt_moving',
          exdataStatus: 'pending',
          stateChangedAt: minutesAgo(1),
        }),
        doc('extracting', {
          exdataDocumentId: 'doc_adopt_stuck',
          exdataStatus: 'pending',
          stateChangedAt: minutesAgo(180),
        }),
      ])
      .returning();
    const [sendDoc] = await t.db.insert(documents).values(doc('approved')).returning();
    await t.db.insert(transactions).values({
      direction: 'outbound',
      documentId: sendDoc!.id,
      status: 'sending',
      gorouteTransactionId: 'txn_adopt_sending',
      sendIdempotencyKey: 'send:SRC-IF-adopt',
      invoiceNumber: 'INV-ADOPT-1',
      senderScheme: '0208',
      senderIdentifier: '0208:0969560728',
      senderName: 'Vandenberghe Logistics NV',
      receiverScheme: '0208',
      receiverIdentifier: '0208:0486596540',
      receiverName: 'Antwerp Port Services NV',
      statusChangedAt: minutesAgo(1),
    });
    // Before: the sandbox (a fresh process) knows none of them, so a poll would get 404.
    expect((await s.exdata(`/api/v1/documents/${moving!.exdataDocumentId}`)).status).toBe(404);

    expect(await adoptInFlight(t.db, `${s.sandbox.url}/_control`)).toEqual({ exdata: 2, goroute: 1 });
    expect(await adoptInFlight(t.db, `${s.sandbox.url}/_control`)).toEqual({ exdata: 0, goroute: 0 });

    // Asked at a pace the sandbox's rate limit allows; a 429 reads as "not yet".
    const status = async (id: string) => {
      await new Promise((r) => setTimeout(r, 200));
      const res = await s.exdata(`/api/v1/documents/${id}`);
      return res.ok ? ((await res.json()) as { data: { status: string } }).data.status : null;
    };
    await waitUntil(async () => (await status(moving!.exdataDocumentId!)) === 'completed', 10_000);
    expect(await status(stuck!.exdataDocumentId!)).toBe('pending');
    const hook = await s.receiver.waitFor(
      (r) => r.json.event === 'document.completed' && (r.json.data as { id: string }).id === moving!.exdataDocumentId,
      10_000,
    );
    expect(hook.json).toMatchObject({ data: { status: 'completed' } });
    expect(
      (
        (await (await s.exdata(`/api/v1/documents/${moving!.exdataDocumentId}/extractions`)).json()) as {
          data: Record<string, unknown>;
        }
      ).data,
    ).toHaveProperty('gross_amount');

    await s.receiver.waitFor(
      (r) =>
        r.json.event === 'transaction.delivered' &&
        (r.json.data as { transaction_id: string }).transaction_id === 'txn_adopt_sending',
      10_000,
    );
    expect(
      ((await (await s.goroute('/api/v1/transactions/txn_adopt_sending')).json()) as { status: string }).status,
    ).toBe('delivered');
  });

  it('queues the job behind every promise the pages make: uploads, queued sends, and each scheduled retry at its time', async () => {
    const [received, uploading] = await t.db
      .insert(documents)
      .values([doc('received'), doc('uploading')])
      .returning();
    const [sendDoc] = await t.db.insert(documents).values(doc('approved')).returning();
    const retryAt = new Date(Date.now() + 7 * 60_000);
    const [queued, retry] = await t.db
      .insert(transactions)
      .values([
        { direction: 'outbound', documentId: sendDoc!.id, status: 'queued', sendIdempotencyKey: 'send:SRC-IF-q' },
        {
          direction: 'outbound',
          documentId: sendDoc!.id,
          status: 'failed',
          sendIdempotencyKey: 'send:SRC-IF-r',
          lastErrorCategory: 'server',
          lastErrorRetryable: true,
          nextAttemptAt: retryAt,
        },
      ])
      .returning();
    expect(await keepPromises(t.db, t.boss)).toMatchObject({ uploads: 2, sends: 2 });
    const jobs = (
      await t.db.execute<{ name: string; doc: string | null; txn: string | null; start_after: Date }>(
        sql`select name, data->>'documentId' as doc, data->>'transactionId' as txn, start_after from pgboss.job where name in (${queues.documentUpload}, ${queues.transactionSend})`,
      )
    ).rows;
    expect(
      jobs
        .filter((j) => j.name === queues.documentUpload)
        .map((j) => j.doc)
        .sort(),
    ).toEqual([received!.id, uploading!.id].sort());
    expect(jobs.find((j) => j.txn === queued!.id)).toBeDefined();
    const scheduled = jobs.find((j) => j.txn === retry!.id)!;
    expect(Math.abs(new Date(scheduled.start_after).getTime() - retryAt.getTime())).toBeLessThan(1_000);
  });
});
