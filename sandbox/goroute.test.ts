// GoRoute over real HTTP: auth, participants, validation rules, idempotent send, lifecycle and webhooks.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { buildCompanies } from '@/demo/world/companies';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  GOROUTE_KEY,
  GOROUTE_SECRET,
  type Received,
  startTestSandbox,
  type TestSandbox,
  VALID_INVOICE,
  waitUntil,
} from './test-support';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.control('/reset', {});
  t.receiver.received.length = 0;
});

const xml = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/xml', ...headers },
  body,
});
/** The fixture with a different invoice number, so each send is a different document. */
const invoice = (number: string) =>
  VALID_INVOICE.replace('<cbc:ID>IH-2025-0042</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`);

function verifyGoRoute(r: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', GOROUTE_SECRET).update(r.body).digest('hex')}`);
  const got = Buffer.from(String(r.headers['x-goroute-signature']));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

describe('auth and health', () => {
  it('refuses a missing or wrong X-API-Key with the error envelope', async () => {
    const res = await fetch(`${t.sandbox.url}/goroute/health`, { headers: { 'x-api-key': 'nope' } });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe('INVALID_API_KEY');
    expect(body.error.request_id).toBe(res.headers.get('x-request-id'));
  });

  it('answers /health and /peppol/version', async () => {
    expect((await t.goroute('/health')).status).toBe(200);
    expect(await (await t.goroute('/peppol/version')).json()).toMatchObject({
      environment: 'sandbox',
      status: 'operational',
    });
  });
});

describe('participant lookup', () => {
  it('finds registered participants in both documented shapes', async () => {
    const a = await (await t.goroute('/participants/lookup?identifier=0208:0901823846')).json();
    expect(a).toMatchObject({
      participant_id: '0208:0901823846',
      registered: true,
      access_point: { name: expect.any(String) },
    });
    const b = await (await t.goroute('/api/v1/participants/lookup?peppol_id=0208:0790123495')).json();
    expect(b).toMatchObject({ found: true, scheme: '0208', name: 'Invoice Hub BV', country: 'BE' });
  });

  it('answers 404 PARTICIPANT_NOT_FOUND for a deliberately unregistered company', async () => {
    const res = await t.goroute('/participants/lookup?identifier=0088:5445899843836');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PARTICIPANT_NOT_FOUND');
  });
});

describe('validate', () => {
  it('passes the valid fixture', async () => {
    const res = await t.goroute('/api/v1/validate', xml(VALID_INVOICE));
    expect(await res.json()).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      validation_layers: { schema: true, schematron: true, business_rules: true },
    });
  });

  it('catches BR-CO-15 with its location on a broken total', async () => {
    const broken = VALID_INVOICE.replace(
      '<cbc:TaxInclusiveAmount currencyID="EUR">1513.11',
      '<cbc:TaxInclusiveAmount currencyID="EUR">1513.01',
    );
    const body = (await (await t.goroute('/api/v1/validate', xml(broken))).json()) as {
      valid: boolean;
      errors: { rule: string; location: string }[];
    };
    expect(body.valid).toBe(false);
    expect(body.errors).toContainEqual(
      expect.objectContaining({ rule: 'BR-CO-15', location: '/Invoice/cac:TaxTotal' }),
    );
  });

  it('catches line sums (BR-CO-10, BR-S-08), a missing ProfileID (R001) and a missing seller endpoint (R020)', async () => {
    const broken = VALID_INVOICE.replace(
      '<cbc:LineExtensionAmount currencyID="EUR">250.50',
      '<cbc:LineExtensionAmount currencyID="EUR">250.40',
    )
      .replace(/<cbc:ProfileID>.*<\/cbc:ProfileID>/, '')
      .replace('<cbc:EndpointID schemeID="0208">0790123495</cbc:EndpointID>', '');
    const body = (await (await t.goroute('/api/v1/validate', xml(broken))).json()) as {
      errors: { rule: string; location: string }[];
    };
    const rules = body.errors.map((e) => e.rule);
    expect(rules).toEqual(
      expect.arrayContaining(['BR-CO-10', 'BR-S-08', 'PEPPOL-EN16931-R001', 'PEPPOL-EN16931-R020']),
    );
    expect(body.errors.find((e) => e.rule === 'BR-S-08')?.location).toBe('/Invoice/cac:TaxTotal/cac:TaxSubtotal[1]');
  });

  it('answers 400 INVALID_XML for malformed XML and 415 for a non-XML content type', async () => {
    const bad = await t.goroute('/api/v1/validate', xml('<Invoice><cbc:ID>1</Invoice>'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_XML');
    const json = await t.goroute('/api/v1/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
  });
});

describe('send', () => {
  it('delivers through pending → processing → sending → delivered with signed webhooks', async () => {
    const res = await t.goroute('/api/v1/send', xml(invoice('IH-1'), { 'idempotency-key': 'send:1' }));
    expect(res.status).toBe(202);
    const { transaction_id: id, status } = (await res.json()) as { transaction_id: string; status: string };
    expect(status).toBe('pending');

    const delivered = await t.receiver.waitFor(
      (r) => r.json.event === 'transaction.delivered' && r.json.data?.transaction_id === id,
    );
    const events = t.receiver.received.filter((r) => r.json.data?.transaction_id === id).map((r) => r.json.event);
    expect(events).toEqual(['transaction.created', 'document.validated', 'transaction.delivered']);
    for (const r of t.receiver.received) {
      expect(verifyGoRoute(r)).toBe(true);
      expect(r.headers['x-goroute-event-id']).toBe(r.json.event_id);
      expect(r.json).toMatchObject({ organization_id: expect.any(String), timestamp: expect.any(String) });
    }
    expect(delivered.json.data).toMatchObject({ status: 'delivered', message_id: expect.stringContaining('@') });

    const tx = (await (await t.goroute(`/api/v1/transactions/${id}`)).json()) as Record<string, unknown> & {
      history: { status: string }[];
    };
    expect(tx).toMatchObject({
      id,
      status: 'delivered',
      direction: 'outbound',
      invoice_number: 'IH-1',
      receiver: { scheme: '0208', identifier: '0901823846' },
      metadata: { reference_id: 'SRC-2025-001187' },
    });
    expect(tx.history.map((h) => h.status)).toEqual(['pending', 'processing', 'sending', 'delivered']);
    const list = (await (await t.goroute('/api/v1/transactions?limit=10&status=delivered')).json()) as {
      data: { id: string }[];
    };
    expect(list.data.map((x) => x.id)).toEqual([id]);
  });

  it('creates one transaction for one Idempotency-Key, however often it is retried', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => t.goroute('/api/v1/send', xml(invoice('IH-2'), { 'idempotency-key': 'send:2' }))),
    );
    const ids = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { transaction_id: string }).transaction_id),
    );
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(ids).size).toBe(1);
    const conflict = await t.goroute('/api/v1/send', xml(invoice('IH-2-other'), { 'idempotency-key': 'send:2' }));
    expect(conflict.status).toBe(409);

    const control = (await (await t.control('/goroute/transactions')).json()) as {
      transactions: { idempotency_key: string; send_requests: number; conflicts: number }[];
    };
    expect(control.transactions).toHaveLength(1);
    expect(control.transactions[0]).toMatchObject({ idempotency_key: 'send:2', send_requests: 5, conflicts: 1 });
  });

  it('refuses an unregistered receiver with 404 and an invalid document with 422 details', async () => {
    const unregistered = invoice('IH-3').replace(
      '<cbc:EndpointID schemeID="0208">0901823846</cbc:EndpointID>',
      '<cbc:EndpointID schemeID="0088">5445899843836</cbc:EndpointID>',
    );
    const notFound = await t.goroute('/api/v1/send', xml(unregistered, { 'idempotency-key': 'send:3' }));
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { code: string } }).error.code).toBe('PARTICIPANT_NOT_FOUND');

    const invalid = await t.goroute(
      '/api/v1/send',
      xml(invoice('IH-4').replace('>262.61</cbc:TaxAmount>', '>262.00</cbc:TaxAmount>'), {
        'idempotency-key': 'send:4',
      }),
    );
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { error: { code: string; details: { rule: string }[] } };
    expect(body.error.code).toBe('VALIDATION_ERROR');
    expect(body.error.details.map((d) => d.rule)).toContain('BR-CO-15');
    expect((await (await t.control('/state')).json()) as { goroute: { transactions: number } }).toMatchObject({
      goroute: { transactions: 0 },
    });
  });

  it('fails delivery for the "fail-delivery" keyword with error details', async () => {
    const res = await t.goroute('/api/v1/send', xml(invoice('IH-fail-delivery-5')));
    const { transaction_id: id } = (await res.json()) as { transaction_id: string };
    const failed = await t.receiver.waitFor((r) => r.json.event === 'transaction.failed');
    expect(failed.json.data).toMatchObject({
      transaction_id: id,
      status: 'failed',
      error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) },
    });
    expect(await (await t.goroute(`/api/v1/transactions/${id}`)).json()).toMatchObject({
      status: 'failed',
      delivered_at: null,
    });
  });
});

describe('inbound', () => {
  it('announces an inbound invoice with document.received whose UBL can be downloaded', async () => {
    await t.control('/inbound', {});
    const r = await t.receiver.waitFor((x) => x.json.event === 'document.received');
    expect(r.json.data).toMatchObject({
      document_type: 'invoice',
      total_amount: expect.stringMatching(/^\d+\.\d{2}$/),
    });
    // For one of the hub's client suppliers, from a business that bills it (docs/business.md): never the hub itself.
    const data = r.json.data as {
      sender: { scheme: string; identifier: string };
      receiver: { scheme: string; identifier: string };
    };
    const byId = (p: { scheme: string; identifier: string }) =>
      buildCompanies().find((c) => c.peppolId === `${p.scheme}:${p.identifier}`);
    expect(byId(data.receiver)?.role).toBe('supplier');
    expect(byId(data.sender)?.role).toBe('customer');
    const url = String(r.json.data!.download_url);
    const ubl = await fetch(url, { headers: { 'x-api-key': GOROUTE_KEY } });
    expect(ubl.headers.get('content-type')).toContain('application/xml');
    const check = await (await t.goroute('/api/v1/validate', xml(await ubl.text()))).json();
    expect(check).toMatchObject({ valid: true });
    await waitUntil(() => t.receiver.received.length === 1);
  });
});
