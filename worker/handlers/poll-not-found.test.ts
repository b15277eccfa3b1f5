// The polling fallbacks against a provider that lost an item it gave us, over real HTTP (the provider sandbox forgets
// it through its control API) on real PostgreSQL: a 404 is one finding on the item, never a reason to poll again.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { alerts, apiCalls, documents, timelineEvents, transactions } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { createProviderClients, type ProviderClients } from '@/lib/clients/create';
import { queues } from '@/lib/jobs/queues';
import { startSandbox, type RunningSandbox } from '@/sandbox/server';
import { PDF, VALID_INVOICE } from '@/sandbox/test-support';
import { freshDatabaseWithQueue, testServers } from '@/test/databases';
import type { JobDeps } from '../deps';
import { EXDATA_DOCUMENT_NOT_FOUND, pollDocument } from './poll-document';
import { TRANSACTION_NOT_FOUND, trackTransaction } from './track-transaction';

const keys = { goroute: 'nf-goroute-key', exdata: 'nf-exdata-token' };

describe.each(testServers())('polling a lost item on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  let sandbox: RunningSandbox;
  let clients: ProviderClients;
  let deps: JobDeps;

  const control = (path: string, method = 'GET') => fetch(`${sandbox.url}/_control${path}`, { method });
  const jobs = async (queue: string, key: string, id: string) =>
    Number(
      (await t.db.execute(sql`select count(*) as n from pgboss.job where name = ${queue} and data->>${key} = ${id}`))
        .rows[0]!.n,
    );
  const calls = (where: ReturnType<typeof eq>) => t.db.select().from(apiCalls).where(where);

  function clientsWith(exdataToken: string) {
    const env = parseEnv({
      DATABASE_URL: t.url,
      NEXTAUTH_SECRET: 'x'.repeat(32),
      GOROUTE_BASE_URL: `${sandbox.url}/goroute`,
      GOROUTE_API_KEY_TEST: keys.goroute,
      EXDATA_BASE_URL: `${sandbox.url}/exdata`,
      EXDATA_TOKEN_TEST: exdataToken,
    });
    return createProviderClients(env, t.db);
  }

  /** A document exdata accepted and is still extracting ("stuck" keeps it there), as our row has it after the upload. */
  async function extracting() {
    const n = randomUUID().slice(0, 8);
    const uploaded = await clients.exdata.upload({
      file: PDF(n),
      filename: `INV-${n}_stuck.pdf`,
      contentType: 'application/pdf',
      idempotencyKey: `upload:nf:${n}`,
    });
    const [doc] = await t.db
      .insert(documents)
      .values({
        sourceId: `SRC-NF-${n}`,
        uploadIdempotencyKey: `upload:nf:${n}`,
        filename: `INV-${n}_stuck.pdf`,
        fileFormat: 'pdf',
        fileSize: 1,
        pipelineState: 'extracting',
        exdataDocumentId: uploaded.id,
        exdataStatus: 'pending',
      })
      .returning();
    return doc!;
  }

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    sandbox = await startSandbox({
      speed: 100,
      seed: 11,
      goroute: { apiKeys: [keys.goroute], webhookSecret: 'nf-goroute-secret', failureRate: 0 },
      exdata: { tokens: [{ token: keys.exdata, mode: 'test' }], webhookSecret: 'nf-exdata-secret', errorRate: 0 },
    });
    clients = clientsWith(keys.exdata);
    deps = { db: t.db, pool: t.pool, boss: t.boss, clients };
  }, 60_000);
  afterAll(async () => {
    await Promise.all([clients?.goroute.close(), clients?.exdata.close()]);
    await sandbox?.close();
    await t?.drop();
  });

  it('fails the extraction of a document exdata no longer knows, once, with the request ID, and polls no more', async () => {
    const doc = await extracting();
    expect(await pollDocument(deps, { documentId: doc.id })).toBe('still pending');
    expect(await jobs(queues.documentPoll, 'documentId', doc.id)).toBe(1);
    await t.db.execute(sql`delete from pgboss.job where name = ${queues.documentPoll}`);

    expect((await control(`/exdata/documents/${doc.exdataDocumentId}`, 'DELETE')).status).toBe(200);
    expect(await pollDocument(deps, { documentId: doc.id, attempt: 2 })).toBe('not found: extraction failed');
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    const [lost] = await calls(and(eq(apiCalls.documentId, doc.id), eq(apiCalls.httpStatus, 404))!);
    expect(after).toMatchObject({
      pipelineState: 'extraction_failed',
      lastErrorCode: EXDATA_DOCUMENT_NOT_FOUND,
      lastRequestId: lost!.requestId,
    });
    expect(after!.lastErrorMessage).toContain(`exdata no longer knows document ${doc.exdataDocumentId}`);
    expect(await jobs(queues.documentPoll, 'documentId', doc.id)).toBe(0);

    // A poll still queued (or the sweep's) finds it no longer extracting: no call, nothing written.
    expect(await pollDocument(deps, { documentId: doc.id, attempt: 3 })).toBe('done');
    expect(await calls(and(eq(apiCalls.documentId, doc.id), eq(apiCalls.httpStatus, 404))!)).toHaveLength(1);
    const timeline = await t.db.select().from(timelineEvents).where(eq(timelineEvents.documentId, doc.id));
    expect(timeline.filter((e) => e.toState === 'extraction_failed')).toHaveLength(1);
    expect(timeline.filter((e) => e.kind === 'api_call' && e.title.endsWith('→ 404'))).toHaveLength(1);
  });

  it('stops polling on a refused token with one note on the document, and keeps it waiting', async () => {
    const doc = await extracting();
    const refused = clientsWith('not-a-token');
    try {
      const withBadToken = { ...deps, clients: refused };
      expect(await pollDocument(withBadToken, { documentId: doc.id })).toMatch(/^stopped: /);
      expect(await pollDocument(withBadToken, { documentId: doc.id })).toMatch(/^stopped: /);
    } finally {
      await Promise.all([refused.goroute.close(), refused.exdata.close()]);
    }
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(after).toMatchObject({ pipelineState: 'extracting', lastRequestId: expect.any(String) });
    expect(await jobs(queues.documentPoll, 'documentId', doc.id)).toBe(0);
    const notes = await t.db
      .select()
      .from(timelineEvents)
      .where(and(eq(timelineEvents.documentId, doc.id), eq(timelineEvents.kind, 'system')));
    expect(notes.map((n) => n.title)).toEqual([expect.stringMatching(/^Polling stopped: exdata answered 401 /)]);
  });

  it('dead-letters a send GoRoute no longer knows, once, through the send path, and tracks no more', async () => {
    const n = randomUUID().slice(0, 8);
    const sent = await clients.goroute.send(VALID_INVOICE.replace('IH-2025-0042', `NF-${n}`), {
      idempotencyKey: `send:nf:${n}`,
    });
    const [doc] = await t.db
      .insert(documents)
      .values({
        sourceId: `SRC-NT-${n}`,
        uploadIdempotencyKey: `upload:nt:${n}`,
        filename: 'x.pdf',
        fileFormat: 'pdf',
        fileSize: 1,
        pipelineState: 'sending',
      })
      .returning();
    const [txn] = await t.db
      .insert(transactions)
      .values({
        direction: 'outbound',
        documentId: doc!.id,
        gorouteTransactionId: sent.transactionId,
        status: 'pending',
        sendIdempotencyKey: `send:nf:${n}`,
        attempts: 1,
      })
      .returning();
    expect((await control(`/goroute/transactions/${sent.transactionId}`, 'DELETE')).status).toBe(200);

    expect(await trackTransaction(deps, { transactionId: txn!.id, attempt: 3 })).toBe('not found: dead-lettered');
    const [after] = await t.db.select().from(transactions).where(eq(transactions.id, txn!.id));
    const [lost] = await calls(and(eq(apiCalls.transactionId, txn!.id), eq(apiCalls.httpStatus, 404))!);
    expect(after).toMatchObject({
      status: 'failed',
      lastErrorCode: TRANSACTION_NOT_FOUND,
      lastErrorCategory: 'not_found',
      lastErrorRetryable: false,
      deadLetteredAt: expect.any(Date),
      lastRequestId: lost!.requestId,
    });
    expect(after!.lastErrorMessage).toContain(`GoRoute no longer knows transaction ${sent.transactionId}`);
    expect((await t.db.select().from(documents).where(eq(documents.id, doc!.id)))[0]!.pipelineState).toBe(
      'dead_letter',
    );
    expect(await t.db.select().from(alerts).where(eq(alerts.dedupeKey, 'dead_letter:not_found'))).toHaveLength(1);
    expect(await jobs(queues.transactionTrack, 'transactionId', txn!.id)).toBe(0);

    expect(await trackTransaction(deps, { transactionId: txn!.id, attempt: 4 })).toBe('done');
    expect(await calls(eq(apiCalls.transactionId, txn!.id))).toHaveLength(1);
    const timeline = await t.db.select().from(timelineEvents).where(eq(timelineEvents.documentId, doc!.id));
    expect(timeline.filter((e) => e.toState === 'dead_letter')).toHaveLength(1);
  });
});
