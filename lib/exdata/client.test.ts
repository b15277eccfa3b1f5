import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '@/lib/provider-http/errors';
import { startFakeServer, type FakeServer, type Reply, type Seen } from '@/lib/provider-http/fake-server';
import type { ApiCallRecord } from '@/lib/provider-http/http';
import { createExdataClient, type ExdataClient } from './client';
import { tokenPrefix } from './token';

const TOKEN = 'exd_test_9f8e7d6c5b4a3210';
let server: FakeServer | undefined;
let client: ExdataClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

async function setup(handle: (req: Seen) => Reply) {
  const records: ApiCallRecord[] = [];
  server = await startFakeServer(handle);
  client = createExdataClient({ baseUrl: server.url, token: TOKEN, record: (c) => void records.push(c) });
  return { client, server, records };
}

const rejects = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as ProviderError,
  );
const pdf = new Uint8Array(Buffer.from('%PDF-1.7\nbody'));
const doc = {
  id: 123,
  mode: 'test',
  status: 'pending',
  processing_stage: 'queued',
  processing_error: null,
  blocked_reason: null,
  filename: 'invoice.pdf',
  file_format: 'pdf',
  file_size: 13,
  locale: 'en',
  custom_types: ['invoice'],
  requester: 'invoice-ops',
  latest_extraction_run: {
    id: 456,
    mode: 'test',
    source: 'api',
    status: 'pending',
    extractor_version: 'x1',
    normalization_version: 'n1',
    created_at: '2026-03-01T10:00:00Z',
  },
  created_at: '2026-03-01T10:00:00Z',
  updated_at: '2026-03-01T10:00:00Z',
};
const upload = (c: ExdataClient, extra = {}) =>
  c.upload({
    file: pdf,
    filename: 'invoice.pdf',
    contentType: 'application/pdf',
    locale: 'en',
    customTypes: ['invoice', 'receipt'],
    requester: 'invoice-ops',
    idempotencyKey: 'upload-src-1',
    ...extra,
  });

describe('exdata client', () => {
  it('uploads multipart with the bearer token, Idempotency-Key and X-Request-ID, and normalizes the document', async () => {
    const { client, server, records } = await setup(() => ({
      status: 201,
      body: { data: doc },
      headers: { 'x-request-id': 'ex_req_1' },
    }));
    const result = await upload(client, { requestId: 'req_mine', ctx: { documentId: 'local-1' } });
    expect(result).toMatchObject({
      id: '123',
      mode: 'test',
      status: 'pending',
      processingStage: 'queued',
      fileFormat: 'pdf',
      fileSize: 13,
      customTypes: ['invoice'],
    });
    expect(result.latestExtractionRun).toMatchObject({ id: '456', extractorVersion: 'x1', normalizationVersion: 'n1' });
    const seen = server.seen[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/api/v1/documents');
    expect(seen.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen.headers['idempotency-key']).toBe('upload-src-1');
    expect(seen.headers['x-request-id']).toBe('req_mine');
    expect(seen.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const body = seen.body.toString('latin1');
    expect(body).toContain('name="file"; filename="invoice.pdf"');
    expect(body).toContain('Content-Type: application/pdf');
    expect(body).toContain('%PDF-1.7\nbody');
    expect(body.match(/name="custom_types\[\]"/g)).toHaveLength(2);
    expect(body).toContain('name="locale"');
    expect(body).toContain('name="requester"');
    expect(records).toEqual([
      expect.objectContaining({
        operation: 'documents.upload',
        httpStatus: 201,
        requestId: 'ex_req_1',
        idempotencyKey: 'upload-src-1',
        documentId: 'local-1',
      }),
    ]);
  });

  it('refuses a bad file before any HTTP call', async () => {
    const { client, server, records } = await setup(() => ({ status: 201, body: { data: doc } }));
    const error = await rejects(upload(client, { file: new Uint8Array(Buffer.from('GIF89a')), filename: 'x.gif' }));
    expect(error).toMatchObject({ kind: 'validation', code: 'UNSUPPORTED_FILE_TYPE', httpStatus: null });
    expect(server.seen).toHaveLength(0);
    expect(records).toHaveLength(0);
  });

  it('maps 402 to insufficient_credits, not retryable', async () => {
    const { client } = await setup(() => ({
      status: 402,
      body: { message: 'Not enough credits', code: 'insufficient_credits', request_id: 'ex_2' },
    }));
    const error = await rejects(upload(client));
    expect(error).toMatchObject({
      kind: 'insufficient_credits',
      retryable: false,
      code: 'insufficient_credits',
      requestId: 'ex_2',
    });
    expect(error?.category).toBe('credits');
  });

  it('maps 422 validation_failed to field details', async () => {
    const { client } = await setup(() => ({
      status: 422,
      body: { message: 'invalid', code: 'validation_failed', errors: { locale: ['The selected locale is invalid.'] } },
    }));
    expect(await rejects(upload(client))).toMatchObject({
      kind: 'validation',
      details: [{ field: 'locale', message: 'The selected locale is invalid.' }],
    });
  });

  it('maps 429 to rate_limited with the longer of header and body wait', async () => {
    const { client } = await setup(() => ({
      status: 429,
      headers: { 'retry-after': '5' },
      body: { message: 'slow', code: 'rate_limited', retry_after: 12 },
    }));
    expect(await rejects(client.getDocument('123'))).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 12_000,
    });
  });

  it('never puts the token in an error or a record, even when the provider echoes it', async () => {
    const { client, records } = await setup(() => ({
      status: 401,
      body: { message: `Token ${TOKEN} is revoked`, code: 'unauthenticated', errors: { token: [TOKEN] } },
    }));
    const error = await rejects(client.ping());
    expect(error).toMatchObject({ kind: 'auth' });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(error?.message).not.toContain(TOKEN);
    expect(JSON.stringify(records)).not.toContain(TOKEN);
  });

  it('deletes (204), lists, reads extractions, thumbnail and previews', async () => {
    const { client, server } = await setup((req) => {
      if (req.method === 'DELETE') return { status: 204 };
      if (req.url.startsWith('/api/v1/documents?'))
        return { status: 200, body: { data: [doc], meta: { current_page: 1, last_page: 3 } } };
      if (req.url.endsWith('/extractions'))
        return { status: 200, body: { data: { gross_amount: { value: 10.5, candidates: ['10,50'] } } } };
      if (req.url.endsWith('/thumbnail'))
        return { status: 200, headers: { 'content-type': 'image/png' }, body: new Uint8Array([0x89, 0x50, 1, 2]) };
      if (req.url.endsWith('/previews'))
        return { status: 200, body: { data: [{ id: 7, page: 1, mime_type: 'image/png' }] } };
      return { status: 404, body: { message: 'Not found', code: 'not_found' } };
    });
    await expect(client.deleteDocument('123')).resolves.toBeUndefined();
    expect(await client.listDocuments({ page: 1, perPage: 25 })).toMatchObject({
      documents: [{ id: '123' }],
      nextPage: 2,
    });
    expect(await client.getExtractions('123')).toEqual({ gross_amount: { value: '10.5', candidates: ['10,50'] } });
    expect(await client.thumbnail('123')).toEqual({
      bytes: new Uint8Array([0x89, 0x50, 1, 2]),
      contentType: 'image/png',
    });
    expect(await client.previews('123')).toEqual([{ id: '7', page: 1, mimeType: 'image/png', url: null }]);
    expect(await rejects(client.getDocument('999'))).toMatchObject({ kind: 'not_found', code: 'not_found' });
    expect(server.seen.map((s) => `${s.method} ${s.url}`)).toContain('GET /api/v1/documents?page=1&per_page=25');
  });

  it('shows only a token prefix', () => {
    expect(tokenPrefix(TOKEN)).toBe('exd_te…');
    expect(tokenPrefix('short')).toBe('…');
  });
});
