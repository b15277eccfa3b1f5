import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { alerts, apiCalls, documents, extractedFields, timelineEvents, transactions } from '@/db/schema';
import { queues } from '@/lib/jobs/queues';
import { creditsExhausted } from '@/db/queries/credits';
import { testServers } from './databases';
import { eventually, startStack } from './stack';

// One server is enough for the end-to-end pipeline; the per-server behaviour is covered by the db tests.
const server = testServers()[0]!;

describe('document pipeline over real HTTP against the provider sandbox', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    stack = await startStack(server.url);
  }, 60_000);
  afterAll(() => stack?.stop());

  const receive = (filename: string) => stack.receive(filename);
  const documentState = async (id: string) => (await stack.db.select().from(documents).where(eq(documents.id, id)))[0]!;

  it('takes a clean PDF all the way to a delivered Peppol invoice', async () => {
    const id = await receive('INV-clean-0001.pdf');
    const doc = await eventually(
      async () => {
        const d = await documentState(id);
        return d.pipelineState === 'delivered' && d;
      },
      30_000,
      'delivery',
    );
    expect(doc.exdataDocumentId).toBeTruthy();
    const [txn] = await stack.db.select().from(transactions).where(eq(transactions.documentId, id));
    expect(txn).toMatchObject({ status: 'delivered', direction: 'outbound', attempts: 1 });
    expect(txn!.ublXml).toContain('urn:fdc:peppol.eu:2017:poacc:billing:01:1.0');
    const calls = await stack.db.select().from(apiCalls).where(eq(apiCalls.documentId, id));
    expect(calls.map((c) => `${c.provider} ${c.method}`)).toEqual(
      expect.arrayContaining(['exdata POST', 'exdata GET', 'goroute POST']),
    );
    expect(calls.find((c) => c.method === 'POST' && c.provider === 'exdata')?.idempotencyKey).toBe(
      doc.uploadIdempotencyKey,
    );
    const timeline = await stack.db.select().from(timelineEvents).where(eq(timelineEvents.documentId, id));
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['transition', 'api_call', 'webhook']));
  });

  it('routes an invoice whose amount candidates disagree to finance review, with the candidates kept', async () => {
    const id = await receive('INV-ambiguous-0002.pdf');
    await eventually(async () => (await documentState(id)).pipelineState === 'in_review', 30_000, 'review');
    const [gross] = await stack.db
      .select()
      .from(extractedFields)
      .where(and(eq(extractedFields.documentId, id), eq(extractedFields.name, 'gross_amount')));
    expect(gross).toMatchObject({ reviewState: 'needs_review', category: 'money' });
    expect(gross!.candidates!.length).toBeGreaterThan(1);
  });

  it('dead-letters an invoice GoRoute rejects, keeping its rule and location', async () => {
    const [txn] = await stack.db
      .insert(transactions)
      .values({ direction: 'outbound', status: 'queued', sendIdempotencyKey: 'send:broken-1', ublXml: brokenInvoice() })
      .returning();
    await stack.worker.deps.boss.send(queues.transactionSend, { transactionId: txn!.id });
    const failed = await eventually(
      async () => {
        const [t] = await stack.db.select().from(transactions).where(eq(transactions.id, txn!.id));
        return t?.deadLetteredAt && t;
      },
      20_000,
      'dead-letter',
    );
    expect(failed).toMatchObject({ status: 'failed', lastErrorCategory: 'validation', lastErrorRetryable: false });
    expect(failed.lastErrorDetails).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'BR-CO-15', location: expect.stringContaining('/Invoice') }),
      ]),
    );
    const sent = (await stack.control('/goroute/transactions')) as { transactions?: unknown[] } | unknown[];
    expect(JSON.stringify(sent)).not.toContain('send:broken-1');
  });

  it('resumes a send whose worker died after GoRoute accepted it, without a second Peppol message', async () => {
    const id = await receive('INV-ambiguous-crash.pdf');
    await eventually(async () => (await documentState(id)).pipelineState === 'in_review', 30_000, 'review');
    // Approve by hand and build the transaction, but let "the crashed worker" reach GoRoute first.
    const { createOutboundTransaction } = await import('@/lib/pipeline/outbound');
    const txnId = await stack.db.transaction(async (tx) => {
      await tx.update(documents).set({ pipelineState: 'approved' }).where(eq(documents.id, id));
      return createOutboundTransaction(tx, id);
    });
    const [txn] = await stack.db.select().from(transactions).where(eq(transactions.id, txnId));
    const first = await stack.worker.deps.clients!.goroute.send(txn!.ublXml!, {
      idempotencyKey: txn!.sendIdempotencyKey!,
    });
    // The job runs again (pg-boss re-delivers an expired job) with the same key.
    await stack.worker.deps.boss.send(queues.transactionSend, { transactionId: txnId });
    const after = await eventually(
      async () => {
        const [t] = await stack.db.select().from(transactions).where(eq(transactions.id, txnId));
        return t?.gorouteTransactionId ? t : null;
      },
      20_000,
      'send',
    );
    expect(after.gorouteTransactionId).toBe(first.transactionId);
    const remote = (
      (await stack.control('/goroute/transactions')) as {
        transactions: { id: string; idempotency_key: string; send_requests: number }[];
      }
    ).transactions;
    const mine = remote.filter((g) => g.idempotency_key === txn!.sendIdempotencyKey);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.send_requests).toBe(2);
  });

  it('sends once when two jobs for the same transaction run at the same time (a scheduled retry and a bulk retry)', async () => {
    const id = await receive('INV-ambiguous-twice.pdf');
    await eventually(async () => (await documentState(id)).pipelineState === 'in_review', 30_000, 'review');
    const { createOutboundTransaction } = await import('@/lib/pipeline/outbound');
    const { sendTransaction } = await import('@/worker/handlers/send-transaction');
    const txnId = await stack.db.transaction(async (tx) => {
      await tx.update(documents).set({ pipelineState: 'approved' }).where(eq(documents.id, id));
      return createOutboundTransaction(tx, id);
    });
    // A slow GoRoute keeps the first send in flight while the second job looks at the transaction.
    await stack.control('/faults', { provider: 'goroute', path: '/api/v1/send', latencyMs: 800, times: 1 });
    const outcomes = await Promise.all([
      sendTransaction(stack.worker.deps, { transactionId: txnId }),
      sendTransaction(stack.worker.deps, { transactionId: txnId }),
    ]);
    await stack.control('/faults', undefined, 'DELETE');
    expect(outcomes.sort()).toEqual(['sent', expect.stringMatching(/^skipped/)]);
    const [txn] = await stack.db.select().from(transactions).where(eq(transactions.id, txnId));
    expect(txn).toMatchObject({ attempts: 1, sendClaim: null });
    const remote = (
      (await stack.control('/goroute/transactions')) as {
        transactions: { idempotency_key: string; send_requests: number }[];
      }
    ).transactions;
    expect(remote.filter((g) => g.idempotency_key === txn!.sendIdempotencyKey).map((g) => g.send_requests)).toEqual([
      1,
    ]);
  });

  it('stops uploading and alerts when exdata runs out of credits (402)', async () => {
    await stack.control('/credits', { credits: 0 });
    const id = await receive('INV-clean-0003.pdf');
    const doc = await eventually(
      async () => {
        const d = await documentState(id);
        return d.pipelineState === 'blocked' && d;
      },
      20_000,
      'blocked',
    );
    expect(doc).toMatchObject({ exdataStatus: 'blocked', lastErrorCode: 'insufficient_credits' });
    expect(await creditsExhausted(stack.db)).toBe(true);
    const [alert] = await stack.db.select().from(alerts).where(eq(alerts.rule, 'insufficient_credits'));
    expect(alert).toMatchObject({ status: 'open', severity: 'critical' });
    // The next document waits instead of hitting exdata again.
    await stack.control('/credits', { credits: 100 });
    const next = await receive('INV-clean-0004.pdf');
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await documentState(next)).pipelineState).toBe('received');
    const uploads = await stack.db
      .select()
      .from(apiCalls)
      .where(and(eq(apiCalls.documentId, next), eq(apiCalls.method, 'POST')));
    expect(uploads).toHaveLength(0);
  });
});

describe('provider outages and rate limits', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    stack = await startStack(server.url);
  }, 60_000);
  afterAll(() => stack?.stop());

  const receive = (filename: string) => stack.receive(filename);
  const delivered = (ids: string[], timeoutMs = 90_000) =>
    eventually(
      async () => {
        const rows = await stack.db.select({ state: documents.pipelineState }).from(documents);
        const states = await Promise.all(
          ids.map(
            async (id) =>
              (await stack.db.select({ s: documents.pipelineState }).from(documents).where(eq(documents.id, id)))[0]?.s,
          ),
        );
        return rows.length > 0 && states.every((s) => s === 'delivered');
      },
      timeoutMs,
      'all delivered',
    );
  const gorouteTransactions = async () =>
    (
      (await stack.control('/goroute/transactions')) as {
        transactions: { idempotency_key: string; send_requests: number }[];
      }
    ).transactions;

  it('rides out a GoRoute outage with backoff and loses nothing', async () => {
    await stack.control('/faults', { provider: 'goroute', path: '/api/v1/send', status: 503, outageMs: 3_000 });
    const id = await receive('INV-clean-outage.pdf');
    await delivered([id]);
    const [txn] = await stack.db.select().from(transactions).where(eq(transactions.documentId, id));
    expect(txn!.attempts).toBeGreaterThan(1);
    const sends = await stack.db
      .select()
      .from(apiCalls)
      .where(and(eq(apiCalls.transactionId, txn!.id), eq(apiCalls.operation, 'documents.send')));
    expect(sends.some((c) => c.httpStatus === 503)).toBe(true);
    expect(new Set(sends.map((c) => c.idempotencyKey))).toEqual(new Set([txn!.sendIdempotencyKey]));
    expect((await gorouteTransactions()).filter((g) => g.idempotency_key === txn!.sendIdempotencyKey)).toHaveLength(1);
    await stack.control('/faults', undefined, 'DELETE');
  }, 60_000);

  it('obeys 429 Retry-After under a burst and sends each invoice once', async () => {
    await stack.control('/rate-limit', { provider: 'goroute', ratePerSecond: 4 });
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => receive(`INV-clean-burst-${i}.pdf`)));
    await delivered(ids, 150_000);
    const keys = (await stack.db.select().from(transactions)).map((t) => t.sendIdempotencyKey);
    const remote = await gorouteTransactions();
    for (const key of keys) expect(remote.filter((g) => g.idempotency_key === key).length).toBeLessThanOrEqual(1);
    const limited = await stack.db
      .select()
      .from(apiCalls)
      .where(and(eq(apiCalls.provider, 'goroute'), eq(apiCalls.httpStatus, 429)));
    expect(limited.length).toBeGreaterThan(0);
    await stack.control('/rate-limit', { provider: 'goroute', ratePerSecond: 50 });
    // The client is set to 12.5 times the sandbox's limit here, on purpose, and sends run concurrently: the first
    // round lets about four requests through and the rest back off by the schedule (lib/rules/retry-schedule.ts: 30 s,
    // then 1 min, …), so `delivered` allows the first two retries.
  }, 180_000);
});

function brokenInvoice() {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>BROKEN-1</cbc:ID><cbc:IssueDate>2026-11-20</cbc:IssueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0208">0790123495</cbc:EndpointID><cac:PartyName><cbc:Name>Invoice Hub BV</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="0208">0790123495</cbc:EndpointID><cac:PartyName><cbc:Name>Invoice Hub BV</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">21.00</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">21.00</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">150.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">150.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Goods</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>21</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>`;
}
