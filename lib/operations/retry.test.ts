import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { documents, settings, transactions } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { fail, sendTransaction } from '@/worker/handlers/send-transaction';
import { queues } from '@/lib/jobs/queues';
import { blockDocument } from '@/lib/review/block';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { retryTransaction, retryUpload } from './retry';

describe.each(testServers())('retries on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  const as: Record<string, SessionUser> = {};
  const deps = () => ({ pool: t.pool, boss: t.boss });
  const jobsFor = async (queue: string, key: string, value: string) =>
    Number(
      (await t.db.execute(sql`select count(*) as n from pgboss.job where name = ${queue} and data->>${key} = ${value}`))
        .rows[0]!.n,
    );

  async function failedSend(category: 'server' | 'validation', state: 'send_failed' | 'dead_letter' = 'send_failed') {
    const n = randomUUID().slice(0, 8);
    const [doc] = await t.db
      .insert(documents)
      .values({
        sourceId: `SRC-X-${n}`,
        uploadIdempotencyKey: `upload:x:${n}`,
        filename: 'x.pdf',
        fileFormat: 'pdf',
        fileSize: 1,
        pipelineState: state,
      })
      .returning();
    const [txn] = await t.db
      .insert(transactions)
      .values({
        direction: 'outbound',
        documentId: doc!.id,
        status: 'failed',
        sendIdempotencyKey: `send:${n}`,
        lastErrorCategory: category,
        lastErrorRetryable: category === 'server',
        lastErrorCode: category === 'server' ? 'HTTP_503' : 'VALIDATION_ERROR',
        ublXml: '<Invoice/>',
      })
      .returning();
    return { doc: doc!, txn: txn! };
  }

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    Object.assign(as, await demoSessionUsers(t.db));
  });
  afterAll(() => t?.drop());

  it('lets support resend a failed send with its same key, and refuses finance and managers', async () => {
    const { txn } = await failedSend('server');
    await expect(retryTransaction(deps(), as.manager!, txn.id)).rejects.toThrow(ForbiddenError);
    await expect(retryTransaction(deps(), as.finance!, txn.id)).rejects.toThrow(ForbiddenError);
    expect(await retryTransaction(deps(), as.support!, txn.id)).toEqual({ ok: true });
    expect(await jobsFor(queues.transactionSend, 'transactionId', txn.id)).toBe(1);
    const [after] = await t.db.select().from(transactions).where(eq(transactions.id, txn.id));
    expect(after!.sendIdempotencyKey).toBe(txn.sendIdempotencyKey);
  });

  it('starts the schedule over when a person retries a dead letter, so one more transient failure goes back on it', async () => {
    const { doc, txn } = await failedSend('server', 'dead_letter');
    await t.db
      .update(transactions)
      .set({ attempts: 13, lastErrorRetryable: false, deadLetteredAt: new Date() })
      .where(eq(transactions.id, txn.id));
    expect(await retryTransaction(deps(), as.support!, txn.id)).toEqual({ ok: true });
    const [queued] = await t.db.select().from(transactions).where(eq(transactions.id, txn.id));
    expect(queued).toMatchObject({ status: 'queued', attempts: 0, deadLetteredAt: null });
    // The retry meets another 503: back on the schedule, and the document says so instead of staying dead-lettered.
    const outcome = await fail({ db: t.db, pool: t.pool, boss: t.boss }, queued!, {
      code: 'HTTP_503',
      message: 'unavailable',
      details: null,
      category: 'server',
      retryable: true,
      requestId: null,
      retryAfterMs: null,
    });
    expect(outcome).toMatch(/^retry in/);
    const [after] = await t.db.select().from(transactions).where(eq(transactions.id, txn.id));
    expect(after).toMatchObject({ status: 'failed', attempts: 1, deadLetteredAt: null, lastErrorRetryable: true });
    expect((await t.db.select().from(documents).where(eq(documents.id, doc.id)))[0]!.pipelineState).toBe('send_failed');
  });

  it('lets only one of two simultaneous retries through', async () => {
    const { txn } = await failedSend('server');
    const results = await Promise.all([
      retryTransaction(deps(), as.support!, txn.id),
      retryTransaction(deps(), as.admin!, txn.id),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await jobsFor(queues.transactionSend, 'transactionId', txn.id)).toBe(1);
  });

  it('refuses to blindly retry a validation failure', async () => {
    const { txn } = await failedSend('validation', 'dead_letter');
    expect(await retryTransaction(deps(), as.support!, txn.id)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/fix and resend/),
    });
  });

  it('a block stops a pending retry', async () => {
    const { doc, txn } = await failedSend('server');
    await retryTransaction(deps(), as.support!, txn.id);
    await blockDocument(deps(), as.support!, doc.id, 'Vendor asked us to hold this');
    expect(await sendTransaction({ db: t.db, pool: t.pool, boss: t.boss }, { transactionId: txn.id })).toBe(
      'skipped: document blocked',
    );
  });

  it('refuses a retry while the document is blocked', async () => {
    const { doc, txn } = await failedSend('server');
    expect(await blockDocument(deps(), as.support!, doc.id, 'Hold: disputed')).toEqual({ ok: true });
    expect(await retryTransaction(deps(), as.support!, txn.id)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/blocked/),
    });
    expect(await jobsFor(queues.transactionSend, 'transactionId', txn.id)).toBe(0);
  });

  it('re-uploads after a 402 with a new idempotency key and resumes uploads', async () => {
    const n = randomUUID().slice(0, 8);
    const [doc] = await t.db
      .insert(documents)
      .values({
        sourceId: `SRC-C-${n}`,
        uploadIdempotencyKey: `upload:SRC-C-${n}:1`,
        filename: 'c.pdf',
        fileFormat: 'pdf',
        fileSize: 1,
        pipelineState: 'blocked',
        lastErrorCode: 'insufficient_credits',
        exdataStatus: 'blocked',
      })
      .returning();
    await t.db
      .insert(settings)
      .values({ key: 'exdata_credits', value: { exhausted: true } })
      .onConflictDoNothing();
    expect(await retryUpload(deps(), as.support!, doc!.id)).toEqual({ ok: true });
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc!.id));
    expect(after).toMatchObject({
      pipelineState: 'received',
      uploadAttempt: 2,
      uploadIdempotencyKey: `upload:SRC-C-${n}:2`,
    });
    const [flag] = await t.db.select().from(settings).where(eq(settings.key, 'exdata_credits'));
    expect(flag!.value).toMatchObject({ exhausted: false });
    expect(await jobsFor(queues.documentUpload, 'documentId', doc!.id)).toBe(1);
    expect((await retryUpload(deps(), as.support!, doc!.id)).ok).toBe(false);
  });
});
