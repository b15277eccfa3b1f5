import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '@/lib/provider-http/errors';
import { startFakeServer, type FakeServer, type Reply, type Seen } from '@/lib/provider-http/fake-server';
import type { ApiCallRecord } from '@/lib/provider-http/http';
import { createGoRouteClient, type GoRouteClient } from './client';

const KEY = 'grk_test_secret_value_123';
let server: FakeServer | undefined;
let client: GoRouteClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

async function setup(handle: (req: Seen) => Reply) {
  const records: ApiCallRecord[] = [];
  server = await startFakeServer(handle);
  client = createGoRouteClient({ baseUrl: server.url, apiKey: KEY, record: (c) => void records.push(c) });
  return { client, server, records };
}

const notAnEndpoint: Reply = { status: 404, body: { detail: 'Not Found' } };
const rejects = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as ProviderError,
  );

describe('GoRoute client', () => {
  it('health falls back to /peppol/version', async () => {
    const { client, records } = await setup((req) =>
      req.url === '/health'
        ? notAnEndpoint
        : {
            status: 200,
            body: { version: '2.4.1', peppol_ap_id: 'POP000123', environment: 'test', status: 'operational' },
          },
    );
    expect(await client.health()).toMatchObject({
      ok: true,
      status: 'operational',
      version: '2.4.1',
      environment: 'test',
    });
    expect(records.map((r) => [r.path, r.httpStatus])).toEqual([
      ['/health', 404],
      ['/peppol/version', 200],
    ]);
  });

  it('health reports ok:false instead of throwing when both endpoints fail', async () => {
    const { client } = await setup(() => ({
      status: 401,
      body: { error: { code: 'INVALID_API_KEY', message: 'bad key' } },
    }));
    expect(await client.health()).toMatchObject({ ok: false, status: 'auth', errorCode: 'INVALID_API_KEY' });
  });

  it('lookup falls back to /api/v1 when the first endpoint does not exist', async () => {
    const { client, server } = await setup((req) =>
      req.url.startsWith('/participants/')
        ? { status: 405, body: '' }
        : { status: 200, body: { found: true, participant_id: '0208:1', name: 'Acme' } },
    );
    expect(await client.lookupParticipant('0208:1')).toMatchObject({
      participantId: '0208:1',
      registered: true,
      name: 'Acme',
    });
    expect(server.seen.map((s) => s.url)).toEqual([
      '/participants/lookup?identifier=0208%3A1',
      '/api/v1/participants/lookup?peppol_id=0208%3A1',
    ]);
  });

  it('lookup answers registered:false for PARTICIPANT_NOT_FOUND without trying the fallback', async () => {
    const { client, server } = await setup(() => ({
      status: 404,
      body: { error: { code: 'PARTICIPANT_NOT_FOUND', message: 'not in SMP' } },
    }));
    expect(await client.lookupParticipant('0088:1')).toEqual({
      participantId: '0088:1',
      registered: false,
      documentTypes: [],
    });
    expect(server.seen).toHaveLength(1);
  });

  it('validate posts XML and returns a 422 report as valid:false', async () => {
    const report = {
      valid: false,
      errors: [{ rule: 'BR-CO-15', location: '/Invoice', message: 'Total mismatch' }],
      warnings: ['PEPPOL-R001 soft'],
    };
    const { client, server, records } = await setup(() => ({ status: 422, body: report }));
    const result = await client.validate('<Invoice/>', { documentId: 'd1' });
    expect(result).toEqual({
      valid: false,
      errors: [{ rule: 'BR-CO-15', location: '/Invoice', message: 'Total mismatch' }],
      warnings: [{ rule: null, location: null, message: 'PEPPOL-R001 soft' }],
    });
    expect(server.seen[0]!.headers['content-type']).toBe('application/xml');
    expect(server.seen[0]!.body.toString()).toBe('<Invoice/>');
    expect(records[0]).toMatchObject({ operation: 'documents.validate', httpStatus: 422, documentId: 'd1' });
  });

  it('validate turns a VALIDATION_ERROR envelope into valid:false with its details', async () => {
    const { client } = await setup(() => ({
      status: 422,
      body: {
        error: {
          code: 'VALIDATION_ERROR',
          message: 'invalid',
          details: [{ rule: 'PEPPOL-EN16931-R001', location: '/Invoice/cbc:ProfileID', message: 'missing' }],
          request_id: 'gr_9',
        },
      },
    }));
    expect(await client.validate('<Invoice/>')).toEqual({
      valid: false,
      errors: [{ rule: 'PEPPOL-EN16931-R001', location: '/Invoice/cbc:ProfileID', message: 'missing' }],
      warnings: [],
    });
  });

  it('validate still throws for a request problem', async () => {
    const { client } = await setup(() => ({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'no body' } },
    }));
    expect(await rejects(client.validate(''))).toMatchObject({ kind: 'permanent', httpStatus: 400 });
  });

  it('send returns the transaction and sends the Idempotency-Key', async () => {
    const { client, server, records } = await setup(() => ({
      status: 202,
      body: { transaction_id: 'tx_1', status: 'pending' },
    }));
    expect(await client.send('<Invoice/>', { idempotencyKey: 'send-doc-1' })).toEqual({
      transactionId: 'tx_1',
      status: 'pending',
    });
    expect(server.seen[0]!.headers['idempotency-key']).toBe('send-doc-1');
    expect(records[0]).toMatchObject({ idempotencyKey: 'send-doc-1', httpStatus: 202 });
    expect(JSON.stringify(records)).not.toContain(KEY);
  });

  it('send maps 409 to a conflict and 404 to not_found', async () => {
    let status = 409;
    const { client } = await setup(() => ({
      status,
      body: { error: { code: status === 409 ? 'DUPLICATE' : 'RECEIVER_NOT_FOUND', message: 'x' } },
    }));
    expect(await rejects(client.send('<Invoice/>', { idempotencyKey: 'k' }))).toMatchObject({
      kind: 'conflict',
      retryable: false,
    });
    status = 404;
    expect(await rejects(client.send('<Invoice/>', { idempotencyKey: 'k' }))).toMatchObject({
      kind: 'not_found',
      retryable: false,
    });
  });

  it('normalizes a transaction to camelCase', async () => {
    const { client, server } = await setup(() => ({
      status: 200,
      body: {
        id: 'tx_1',
        status: 'delivered',
        direction: 'outbound',
        document_type: 'invoice',
        document_id: 'doc_9',
        invoice_number: 'INV-1',
        sender: { scheme: '0208', identifier: '0123456789', name: 'Us' },
        receiver: { scheme: '0088', identifier: '5790000435975', name: 'Them' },
        created_at: '2026-03-01T10:00:00Z',
        updated_at: '2026-03-01T10:00:20Z',
        delivered_at: '2026-03-01T10:00:20Z',
        message_id: 'msg-1',
        metadata: { reference_id: 'ref-1' },
      },
    }));
    expect(await client.getTransaction('tx/1')).toEqual({
      id: 'tx_1',
      status: 'delivered',
      direction: 'outbound',
      documentType: 'invoice',
      documentId: 'doc_9',
      invoiceNumber: 'INV-1',
      sender: { scheme: '0208', identifier: '0123456789', name: 'Us' },
      receiver: { scheme: '0088', identifier: '5790000435975', name: 'Them' },
      createdAt: '2026-03-01T10:00:00Z',
      updatedAt: '2026-03-01T10:00:20Z',
      deliveredAt: '2026-03-01T10:00:20Z',
      messageId: 'msg-1',
      metadata: { referenceId: 'ref-1' },
      error: null,
    });
    expect(server.seen[0]!.url).toBe('/api/v1/transactions/tx%2F1');
  });

  it('lists transactions with filters', async () => {
    const { client, server } = await setup(() => ({
      status: 200,
      body: {
        data: [
          { id: 'a', status: 'pending' },
          { id: 'b', status: 'failed' },
        ],
      },
    }));
    const list = await client.listTransactions({ limit: 2, status: 'pending' });
    expect(list.map((t) => t.id)).toEqual(['a', 'b']);
    expect(server.seen[0]!.url).toBe('/api/v1/transactions?limit=2&status=pending');
  });
});
