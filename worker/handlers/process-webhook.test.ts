import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { alerts, documents, timelineEvents, transactions, webhookDeliveries } from '@/db/schema';
import { foldDuplicateCopies, storeAcceptedDeliveries } from '@/db/queries/webhook-ingest';
import { ingestWebhook } from '@/lib/webhooks/ingest';
import { signExdata, signGoRoute } from '@/lib/webhooks/signatures';
import { freshDatabaseWithQueue, testServers } from '@/test/databases';
import type { JobDeps } from '../deps';
import { processWebhook, processWebhooks } from './process-webhook';

const config = { secrets: { goroute: { current: 'gr' }, exdata: { current: 'ex' } }, toleranceSeconds: 300 };

describe.each(testServers())('webhook processing on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  let deps: JobDeps;

  async function exdata(event: string, data: object) {
    const body = JSON.stringify({ event, data });
    const headers = new Headers({
      'x-event': event,
      'x-delivery': randomUUID(),
      'x-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-signature': signExdata(body, 'ex'),
    });
    const result = await ingestWebhook('exdata', headers, Buffer.from(body), { pool: t.pool, config });
    return processWebhook(deps, String(result.body.id));
  }
  async function goroute(event: string, data: object, eventId = `evt_${randomUUID()}`) {
    const body = JSON.stringify({
      event,
      event_id: eventId,
      timestamp: new Date().toISOString(),
      organization_id: 'org_demo',
      data,
    });
    const result = await ingestWebhook(
      'goroute',
      new Headers({ 'x-goroute-signature': signGoRoute(body, 'gr') }),
      Buffer.from(body),
      { pool: t.pool, config },
    );
    return result.body.duplicate ? null : processWebhook(deps, String(result.body.id));
  }
  async function newDocument(state: 'extracting' | 'sending') {
    const n = randomUUID().slice(0, 8);
    const [doc] = await t.db
      .insert(documents)
      .values({
        sourceId: `SRC-T-${n}`,
        exdataDocumentId: `doc_${n}`,
        uploadIdempotencyKey: `upload:${n}:1`,
        filename: 'a.pdf',
        fileFormat: 'pdf',
        fileSize: 1000,
        pipelineState: state,
        exdataStatus: 'pending',
      })
      .returning();
    return doc!;
  }

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    deps = { db: t.db, pool: t.pool, boss: t.boss };
  });
  afterAll(() => t?.drop());

  it('runs automation once for an exdata event and its replay under a new delivery ID', async () => {
    const doc = await newDocument('extracting');
    expect(await exdata('document.completed', { id: doc.exdataDocumentId, status: 'completed' })).toMatchObject({
      result: 'processed',
      documentId: doc.id,
    });
    expect(await exdata('document.completed', { id: doc.exdataDocumentId, status: 'completed' })).toMatchObject({
      result: 'duplicate_effect',
    });
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(after!.exdataStatus).toBe('completed');
    const events = await t.db.select().from(timelineEvents).where(eq(timelineEvents.documentId, doc.id));
    expect(events.filter((e) => e.kind === 'webhook')).toHaveLength(1);
  });

  it('moves a failed extraction to extraction_failed with the provider error on the timeline', async () => {
    const doc = await newDocument('extracting');
    await exdata('document.failed', {
      id: doc.exdataDocumentId,
      status: 'error',
      request_id: 'req_x1',
      error: { code: 'extraction_error', message: 'Unreadable scan' },
    });
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(after).toMatchObject({
      pipelineState: 'extraction_failed',
      exdataStatus: 'error',
      lastErrorMessage: 'Unreadable scan',
      lastRequestId: 'req_x1',
    });
  });

  it("takes exdata's reason for a document that had already failed (a poll's finding) as its current problem", async () => {
    const doc = await newDocument('extracting');
    await t.db
      .update(documents)
      .set({
        pipelineState: 'extraction_failed',
        lastErrorCode: 'EXDATA_DOCUMENT_NOT_FOUND',
        lastErrorMessage: 'exdata no longer knows this document',
      })
      .where(eq(documents.id, doc.id));
    await exdata('document.failed', {
      id: doc.exdataDocumentId,
      status: 'error',
      request_id: 'req_x2',
      error: { code: 'document_unreadable', message: 'The scan is too faint' },
    });
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(after).toMatchObject({
      pipelineState: 'extraction_failed',
      lastErrorCode: 'document_unreadable',
      lastErrorMessage: 'The scan is too faint',
      lastRequestId: 'req_x2',
    });
    const events = await t.db.select().from(timelineEvents).where(eq(timelineEvents.documentId, doc.id));
    expect(events.some((e) => e.title.startsWith('Refused transition'))).toBe(false);
  });

  it('marks deliveries for unknown documents unmatched and unknown events ignored, but keeps them', async () => {
    expect(await exdata('document.completed', { id: 'doc_nobody', status: 'completed' })).toMatchObject({
      result: 'unmatched',
    });
    expect(await goroute('participant.updated', { id: 'x' })).toMatchObject({ result: 'ignored' });
    // Event names are looked up as own keys only: one named after an Object property is not a status event.
    expect(await goroute('toString', { transaction_id: 'txn_x' })).toMatchObject({
      result: 'ignored',
      error: 'event toString not handled',
    });
  });

  it('delivers a send, ignoring a late transaction.created that arrives after it', async () => {
    const doc = await newDocument('sending');
    const [txn] = await t.db
      .insert(transactions)
      .values({
        direction: 'outbound',
        documentId: doc.id,
        gorouteTransactionId: `txn_${doc.sourceId}`,
        status: 'sending',
      })
      .returning();
    await goroute('transaction.delivered', { transaction_id: txn!.gorouteTransactionId, message_id: 'msg-1' });
    await goroute('transaction.created', { transaction_id: txn!.gorouteTransactionId, status: 'pending' });
    const [afterTxn] = await t.db.select().from(transactions).where(eq(transactions.id, txn!.id));
    expect(afterTxn).toMatchObject({ status: 'delivered', messageId: 'msg-1' });
    const [afterDoc] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(afterDoc!.pipelineState).toBe('delivered');
  });

  it('sends a permanently failed send to the dead-letter state with its rule and location', async () => {
    const doc = await newDocument('sending');
    const [txn] = await t.db
      .insert(transactions)
      .values({
        direction: 'outbound',
        documentId: doc.id,
        gorouteTransactionId: `txn_f_${doc.sourceId}`,
        status: 'processing',
      })
      .returning();
    const details = [{ rule: 'BR-CO-15', location: '/Invoice/cac:TaxTotal', message: 'Totals do not add up' }];
    await goroute('transaction.failed', {
      transaction_id: txn!.gorouteTransactionId,
      error: { code: 'VALIDATION_ERROR', message: 'Document validation failed', details },
    });
    const [afterTxn] = await t.db.select().from(transactions).where(eq(transactions.id, txn!.id));
    expect(afterTxn).toMatchObject({
      status: 'failed',
      lastErrorCategory: 'validation',
      lastErrorRetryable: false,
      lastErrorDetails: details,
    });
    expect(afterTxn!.deadLetteredAt).not.toBeNull();
    const [afterDoc] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(afterDoc!.pipelineState).toBe('dead_letter');
  });

  it('dead-letters a send GoRoute accepted and then failed even with a transient code, and raises the dead_letter alert', async () => {
    // Resending the same key would only bring back GoRoute's first answer: nothing retries it, so "retryable" left
    // it in no list and with no alert.
    const doc = await newDocument('sending');
    const [txn] = await t.db
      .insert(transactions)
      .values({
        direction: 'outbound',
        documentId: doc.id,
        gorouteTransactionId: `txn_t_${doc.sourceId}`,
        status: 'sending',
      })
      .returning();
    await goroute('transaction.failed', {
      transaction_id: txn!.gorouteTransactionId,
      error: { code: 'SERVICE_UNAVAILABLE', message: 'The receiving access point is unavailable' },
    });
    const [afterTxn] = await t.db.select().from(transactions).where(eq(transactions.id, txn!.id));
    expect(afterTxn).toMatchObject({
      status: 'failed',
      lastErrorCode: 'SERVICE_UNAVAILABLE',
      lastErrorRetryable: false,
      nextAttemptAt: null,
    });
    expect(afterTxn!.deadLetteredAt).not.toBeNull();
    expect((await t.db.select().from(documents).where(eq(documents.id, doc.id)))[0]!.pipelineState).toBe('dead_letter');
    const [alert] = await t.db.select().from(alerts).where(eq(alerts.dedupeKey, 'dead_letter:server'));
    expect(alert).toMatchObject({
      rule: 'dead_letter',
      title: 'Sends dead-lettered: GoRoute server errors',
      detail: { code: 'SERVICE_UNAVAILABLE', transactionId: txn!.id },
    });
  });

  it('records an inbound invoice once, however often it is announced', async () => {
    const data = {
      transaction_id: 'txn_inbound_1',
      document_type: 'invoice',
      invoice_number: 'IN-1',
      sender: { scheme: '0208', identifier: '0123456749', name: 'Supplier' },
      receiver: '0208:0790123495',
      currency: 'EUR',
      total_amount: '121.00',
    };
    expect(await goroute('document.received', data)).toMatchObject({ result: 'processed' });
    expect(await goroute('document.received', data)).toMatchObject({ result: 'duplicate_effect' });
    const rows = await t.db.select().from(transactions).where(eq(transactions.gorouteTransactionId, 'txn_inbound_1'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: 'inbound', senderIdentifier: '0208:0123456749', totalAmount: '121.00' });
  });

  it('acts on the signed body, not the stored event type: a row labelled document.blocked whose body is completed blocks nothing', async () => {
    // As a relabelled replay was stored before the event came from the signed body (X-Event went into event_type).
    const doc = await newDocument('extracting');
    const stored = (eventType: string, data: object, event?: string) => ({
      provider: 'exdata' as const,
      deliveryId: randomUUID(),
      eventType,
      receivedAt: new Date(),
      headers: { 'x-event': eventType },
      body: JSON.stringify({ ...(event ? { event } : {}), data }),
      signatureResult: 'valid' as const,
      timestampSkewSeconds: 0,
      processingResult: 'queued' as const,
      processingError: null,
    });
    const client = await t.pool.connect();
    const [relabelled, contradictory] = await storeAcceptedDeliveries(
      client,
      [
        stored('document.blocked', { id: doc.exdataDocumentId, status: 'completed' }, 'document.completed'),
        stored('document.blocked', { id: doc.exdataDocumentId, status: 'error' }, 'document.completed'),
      ],
      { queue: 'webhook-process' },
    );
    client.release();
    expect(await processWebhook(deps, relabelled!.id)).toMatchObject({
      result: 'processed',
      effectKey: `${doc.exdataDocumentId}:document.completed:completed`,
    });
    expect(await processWebhook(deps, contradictory!.id)).toEqual({
      result: 'ignored',
      error: 'the signed body contradicts itself: event document.completed but data.status error',
    });
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(after).toMatchObject({ pipelineState: 'extracting', exdataStatus: 'completed', blockedAt: null });
    const events = await t.db.select().from(timelineEvents).where(eq(timelineEvents.documentId, doc.id));
    expect(events.map((e) => e.title)).toEqual(['exdata document.completed']);
  });

  it('leaves an already processed delivery alone when its job runs again', async () => {
    const doc = await newDocument('extracting');
    const body = JSON.stringify({
      event: 'document.completed',
      data: { id: doc.exdataDocumentId, status: 'completed' },
    });
    const headers = new Headers({
      'x-event': 'document.completed',
      'x-delivery': randomUUID(),
      'x-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-signature': signExdata(body, 'ex'),
    });
    const { body: r } = await ingestWebhook('exdata', headers, Buffer.from(body), { pool: t.pool, config });
    await processWebhook(deps, String(r.id));
    expect(await processWebhook(deps, String(r.id))).toBeNull();
    const [row] = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, String(r.id)));
    expect(row!.processingResult).toBe('processed');
  });

  it('applies a batch in one transaction: a failing delivery rolls back alone, a replay in the same batch is a duplicate', async () => {
    const doc = await newDocument('extracting');
    let arrived = Date.now();
    const store = async (event: string, data: object) => {
      const body = JSON.stringify({ event, data });
      const headers = new Headers({
        'x-event': event,
        'x-delivery': randomUUID(),
        'x-timestamp': String(Math.floor(Date.now() / 1000)),
        'x-signature': signExdata(body, 'ex'),
      });
      const at = new Date((arrived += 5));
      return String(
        (await ingestWebhook('exdata', headers, Buffer.from(body), { pool: t.pool, config, now: () => at })).body.id,
      );
    };
    const first = await store('document.completed', { id: doc.exdataDocumentId, status: 'completed' });
    const replay = await store('document.completed', { id: doc.exdataDocumentId, status: 'completed' });
    const unknown = await store('document.completed', { id: 'doc_nobody', status: 'completed' });
    const ids = [first, 'not-a-uuid', replay, unknown];
    const seen: number[] = [];
    const results = await processWebhooks(deps, ids, (i, work) => {
      seen.push(i);
      return work();
    });
    // The replay has the same effect as the first, so applying all together fails on the unique index and the batch
    // is applied again one by one. Each pass takes the deliveries in the order they arrived (the lock order the
    // receiver uses too); the non-ID is never applied. Results come back in the order asked.
    expect(seen).toEqual([0, 2, 3, 0, 2, 3]);
    expect(results.map((r) => r.outcome?.result ?? (r.error ? 'error' : null))).toEqual([
      'processed',
      'error',
      'duplicate_effect',
      'unmatched',
    ]);
    const rows = await t.db
      .select()
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, [first, replay, unknown]));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.processingResult]))).toEqual({
      [first]: 'processed',
      [replay]: 'duplicate_effect',
      [unknown]: 'unmatched',
    });
    const [after] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(after!.exdataStatus).toBe('completed');
  });

  it('applies a batch all together, and when one delivery fails, the others still commit and it keeps its error', async () => {
    // Distinct arrival times: two stores within one millisecond would be applied in ID order.
    let arrived = Date.now();
    const store = async (n: number) => {
      const body = JSON.stringify({
        event: 'transaction.delivered',
        event_id: `evt_${randomUUID()}`,
        timestamp: new Date().toISOString(),
        organization_id: 'org_demo',
        data: { transaction_id: `tx_none_${n}` },
      });
      const at = new Date((arrived += 5));
      const result = await ingestWebhook(
        'goroute',
        new Headers({ 'x-goroute-signature': signGoRoute(body, 'gr') }),
        Buffer.from(body),
        { pool: t.pool, config, now: () => at },
      );
      return String(result.body.id);
    };
    const ids = [await store(1), await store(2), await store(3)];
    const seen: number[] = [];
    const results = await processWebhooks(deps, ids, (i, work) => {
      seen.push(i);
      return work();
    });
    // One pass: nothing failed.
    expect(seen).toEqual([0, 1, 2]);
    expect(results.map((r) => r.outcome?.result)).toEqual(['unmatched', 'unmatched', 'unmatched']);

    const more = [await store(4), await store(5), await store(6)];
    const outcome = await processWebhooks(deps, more, (i, work) =>
      i === 1 ? Promise.reject(new Error('handler broke')) : work(),
    );
    expect(outcome.map((r) => r.outcome?.result ?? (r.error as Error).message)).toEqual([
      'unmatched',
      'handler broke',
      'unmatched',
    ]);
    const rows = await t.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.id, more));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.processingResult]))).toEqual({
      [more[0]!]: 'unmatched',
      [more[1]!]: 'queued',
      [more[2]!]: 'unmatched',
    });
    expect(rows.find((r) => r.id === more[0])).toMatchObject({
      processingError: 'no transaction with GoRoute ID tx_none_4',
    });
    expect(rows.find((r) => r.id === more[0])!.processedAt).not.toBeNull();
  });

  it('looks up a batch of status events in one go: unknown transactions are unmatched, known ones applied, and one announced earlier in the batch is found', async () => {
    const doc = await newDocument('sending');
    const known = `txn_known_${doc.sourceId}`;
    await t.db
      .insert(transactions)
      .values({ direction: 'outbound', documentId: doc.id, gorouteTransactionId: known, status: 'processing' });
    let arrived = Date.now();
    const store = async (event: string, data: object) => {
      const body = JSON.stringify({
        event,
        event_id: `evt_${randomUUID()}`,
        timestamp: new Date().toISOString(),
        organization_id: 'org_demo',
        data,
      });
      const at = new Date((arrived += 5));
      return String(
        (
          await ingestWebhook(
            'goroute',
            new Headers({ 'x-goroute-signature': signGoRoute(body, 'gr') }),
            Buffer.from(body),
            { pool: t.pool, config, now: () => at },
          )
        ).body.id,
      );
    };
    const plain = [
      await store('transaction.delivered', { transaction_id: 'txn_elsewhere_1' }),
      await store('transaction.delivered', { transaction_id: known, message_id: 'msg-k' }),
      await store('transaction.failed', { transaction_id: 'txn_elsewhere_2' }),
    ];
    const results = await processWebhooks(deps, plain);
    expect(results.map((r) => r.outcome)).toEqual([
      { result: 'unmatched', error: 'no transaction with GoRoute ID txn_elsewhere_1' },
      expect.objectContaining({ result: 'processed' }),
      { result: 'unmatched', error: 'no transaction with GoRoute ID txn_elsewhere_2' },
    ]);
    const [afterDoc] = await t.db.select().from(documents).where(eq(documents.id, doc.id));
    expect(afterDoc!.pipelineState).toBe('delivered');

    // An inbound invoice announced, then validated, in one batch: the second delivery finds what the first created.
    const inbound = `txn_in_${randomUUID().slice(0, 8)}`;
    const announced = [
      await store('document.received', {
        transaction_id: inbound,
        document_type: 'invoice',
        invoice_number: 'IN-B',
        sender: { scheme: '0208', identifier: '0123456749', name: 'Supplier' },
        receiver: '0208:0790123495',
        currency: 'EUR',
        total_amount: '10.00',
      }),
      await store('document.validated', { transaction_id: inbound, valid: true }),
    ];
    expect((await processWebhooks(deps, announced)).map((r) => r.outcome?.result)).toEqual(['processed', 'processed']);
  });

  it('never deadlocks with the receiver counting copies and the fold adding them to the rows it is applying', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      provider: 'goroute' as const,
      deliveryId: `evt_lock_${randomUUID()}`,
      eventType: 'transaction.delivered',
      receivedAt: new Date(Date.now() - i * 1_000),
      headers: {},
      body: '{}',
      signatureResult: 'valid' as const,
      timestampSkewSeconds: 0,
      processingResult: 'queued' as const,
      processingError: null,
    }));
    const client = await t.pool.connect();
    const stored = await storeAcceptedDeliveries(client, rows, { queue: 'webhook-process' });
    client.release();
    const ids = stored.map((r) => r.id);
    const shuffled = <T>(list: T[]) => [...list].sort(() => Math.random() - 0.5);
    for (let round = 0; round < 10; round++) {
      const receiver = (async () => {
        const c = await t.pool.connect();
        try {
          await c.query('begin');
          // The same delivery IDs again, in any order: the receiver counts them aside.
          await storeAcceptedDeliveries(
            c,
            shuffled(rows).map((r) => ({ ...r, receivedAt: new Date() })),
            { queue: 'webhook-process' },
          );
          await c.query('commit');
        } catch (error) {
          await c.query('rollback');
          throw error;
        } finally {
          c.release();
        }
      })();
      // The worker locks every row of its batch, one after another, holding each until the batch commits.
      const worker = processWebhooks(deps, shuffled(ids), async (_i, work) => {
        await new Promise((r) => setTimeout(r, 1));
        return work();
      });
      // The fold locks the rows the copies belong to, in the worker's order.
      const fold = foldDuplicateCopies(t.pool);
      const [r, w, f] = await Promise.allSettled([receiver, worker, fold]);
      expect(r.status).toBe('fulfilled');
      expect(w.status).toBe('fulfilled');
      expect(f.status).toBe('fulfilled');
      if (w.status === 'fulfilled') expect(w.value.filter((x) => x.error)).toEqual([]);
    }
    await foldDuplicateCopies(t.pool);
    const counts = await t.db
      .select({ n: sql<number>`sum(${webhookDeliveries.duplicateCount})::int` })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.id, ids));
    expect(counts).toEqual([{ n: 300 }]);
  });
});
