// exdata over real HTTP: tokens and abilities, request IDs, uploads (idempotency, credits, 422), the
// lifecycle, extraction scenarios by filename keyword, and signed webhooks.
import { createHmac } from 'node:crypto';
import { buildCompanies } from '@/demo/world/companies';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  EXDATA_READONLY_TOKEN,
  EXDATA_SECRET,
  PDF,
  type Received,
  startTestSandbox,
  type TestSandbox,
  uploadForm,
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

type Doc = {
  id: string;
  status: string;
  processing_stage: string | null;
  filename: string;
  latest_extraction_run: { status: string };
};
type Fields = Record<string, { value: unknown; candidates: string[] | null }>;

const upload = (filename: string, content: Buffer | string = PDF(filename), key?: string) =>
  t.exdata('/api/v1/documents', {
    method: 'POST',
    body: uploadForm(filename, content, {
      locale: 'nl-BE',
      'custom_types[]': ['invoice'],
      requester: 'ap@invoice-hub.example',
    }),
    headers: key ? { 'idempotency-key': key } : {},
  });

async function uploadAndWait(filename: string): Promise<{ doc: Doc; hook: Received }> {
  const res = await upload(filename);
  expect(res.status).toBe(201);
  const { data } = (await res.json()) as { data: Doc };
  const hook = await t.receiver.waitFor((r) => (r.json.data as Doc | undefined)?.id === data.id);
  return { doc: data, hook };
}

const extraction = async (id: string) =>
  ((await (await t.exdata(`/api/v1/documents/${id}/extractions`)).json()) as { data: Fields }).data;

describe('auth and request IDs', () => {
  it('answers 401 for an unknown token, 403 for a missing ability, and carries X-Request-ID', async () => {
    const unknown = await fetch(`${t.sandbox.url}/exdata/api/v1/ping`, {
      headers: { authorization: 'Bearer nope', 'x-request-id': 'my-trace-1' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('x-request-id')).toBe('my-trace-1');
    expect(await unknown.json()).toMatchObject({ code: 'unauthenticated', request_id: 'my-trace-1', errors: {} });

    const readonly = await fetch(`${t.sandbox.url}/exdata/api/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${EXDATA_READONLY_TOKEN}` },
      body: uploadForm('a.pdf', PDF('a')),
    });
    expect(readonly.status).toBe(403);
    const ping = await t.exdata('/api/v1/ping');
    expect(ping.status).toBe(200);
    expect(ping.headers.get('x-request-id')).toMatch(/^req_/);
  });
});

describe('upload and extraction', () => {
  it('goes pending → completed with a signed document.completed webhook, then serves the extraction', async () => {
    const res = await upload('INV-2025-0101_vandenberghe.pdf');
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: Doc & Record<string, unknown> };
    expect(data).toMatchObject({
      status: 'pending',
      processing_stage: 'queued',
      mode: 'test',
      file_format: 'pdf',
      locale: 'nl-BE',
      custom_types: ['invoice'],
      requester: 'ap@invoice-hub.example',
    });
    expect(data.latest_extraction_run).toMatchObject({ source: 'upload', extractor_version: expect.any(String) });

    const hook = await t.receiver.waitFor((r) => r.headers['x-event'] === 'document.completed');
    expect(hook.headers['x-signature']).toBe(createHmac('sha256', EXDATA_SECRET).update(hook.body).digest('hex'));
    expect(hook.headers['x-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Number(hook.headers['x-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(hook.headers['user-agent']).toBe('exdata-webhooks/1.0');
    expect(hook.json).toMatchObject({
      event: 'document.completed',
      data: { id: data.id, status: 'completed', processing_stage: null },
    });

    const fields = await extraction(data.id);
    expect(fields.sender_name!.value).toBe('Vandenberghe Logistics NV');
    // An invoice from one of the hub's client suppliers to one of that supplier's customers (docs/business.md).
    const customer = buildCompanies().find((c) => c.name === fields.recipient_name!.value);
    expect(customer?.role).toBe('customer');
    expect(fields.recipient_peppol_id!.value).toBe(customer!.peppolId);
    expect(fields.gross_amount!.value).toMatch(/^\d+\.\d{2}$/);
    expect(fields.gross_amount!.candidates).toEqual([fields.gross_amount!.value]);
    expect(fields.tax_breakdowns!.value).toEqual([
      expect.objectContaining({ tax_rate: '21.00', taxability: 'taxable' }),
    ]);
    for (const name of [
      'document_number',
      'issue_date',
      'due_date',
      'currency',
      'net_amount',
      'sender_vat_id',
      'recipient_vat_id',
      'sender_iban',
      'sender_peppol_id',
      'recipient_peppol_id',
    ]) {
      expect(fields[name], name).toBeDefined();
    }
    expect((await t.exdata(`/api/v1/documents/${data.id}/thumbnail`)).headers.get('content-type')).toBe('image/png');
    const previews = (await (await t.exdata(`/api/v1/documents/${data.id}/previews`)).json()) as {
      data: { page: number; url: string }[];
    };
    expect((await t.exdata(previews.data[0]!.url.replace(`${t.sandbox.url}/exdata`, ''))).status).toBe(200);
  });

  it('produces the review scenarios named in the filename', async () => {
    const ambiguous = await extraction((await uploadAndWait('scan-ambiguous.pdf')).doc.id);
    expect(ambiguous.gross_amount!.candidates!.some((c) => c !== ambiguous.gross_amount!.value)).toBe(true);
    const missing = await extraction((await uploadAndWait('missing-total.png')).doc.id);
    expect(missing.gross_amount).toMatchObject({ value: null, candidates: [expect.any(String), expect.any(String)] });
    const iban = await extraction((await uploadAndWait('iban-change_mueller.pdf')).doc.id);
    expect(iban.sender_name!.value).toBe('Müller Maschinenbau GmbH');
    expect(iban.sender_iban!.value).not.toBe('DE30600501010896382821');
  });

  it('extracts the same fields from the same file, whatever the idempotency key', async () => {
    const first = await extraction((await uploadAndWait('same-file.pdf')).doc.id);
    const second = await extraction((await uploadAndWait('same-file.pdf')).doc.id);
    expect(second).toEqual(first);
  });

  it('ends a "corrupt" file in status error with a document.failed webhook', async () => {
    const { doc, hook } = await uploadAndWait('corrupt-scan.pdf');
    expect(hook.headers['x-event']).toBe('document.failed');
    const body = (await (await t.exdata(`/api/v1/documents/${doc.id}`)).json()) as {
      data: Doc & { error: { code: string; request_id: string } };
    };
    expect(body.data).toMatchObject({
      status: 'error',
      latest_extraction_run: { status: 'failed' },
      error: { code: 'document_unreadable' },
    });
    expect((await t.exdata(`/api/v1/documents/${doc.id}/extractions`)).status).toBe(409);
  });
});

describe('idempotency, credits, validation', () => {
  it('returns the same document for the same key and payload, 409 while processing or for another payload', async () => {
    const first = await upload('a.pdf', PDF('a'), 'up:1');
    const { data } = (await first.json()) as { data: Doc };
    const early = await upload('a.pdf', PDF('a'), 'up:1');
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ code: 'idempotency_key_in_progress', document_id: data.id });
    await t.receiver.waitFor((r) => r.headers['x-event'] === 'document.completed');
    const again = await upload('a.pdf', PDF('a'), 'up:1');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { data: Doc }).data.id).toBe(data.id);
    const other = await upload('b.pdf', PDF('b'), 'up:1');
    expect(other.status).toBe(409);
    const control = (await (await t.control('/exdata/documents')).json()) as { documents: unknown[] };
    expect(control.documents).toHaveLength(1);
  });

  it('answers 402 when credits run out, stores the document as blocked and sends document.blocked', async () => {
    await t.control('/credits', { credits: 0 });
    const res = await upload('c.pdf');
    expect(res.status).toBe(402);
    const body = (await res.json()) as { code: string; request_id: string; document_id: string };
    expect(body).toMatchObject({ code: 'insufficient_credits', request_id: res.headers.get('x-request-id') });
    const doc = (await (await t.exdata(`/api/v1/documents/${body.document_id}`)).json()) as { data: Doc };
    expect(doc.data.status).toBe('blocked');
    const hook = await t.receiver.waitFor((r) => r.headers['x-event'] === 'document.blocked');
    expect(hook.json.data).toMatchObject({ id: body.document_id, status: 'blocked' });
  });

  it('answers 422 with field diagnostics for a missing, unsupported or oversized file', async () => {
    const missing = await t.exdata('/api/v1/documents', {
      method: 'POST',
      body: (() => {
        const f = new FormData();
        f.append('locale', 'nl-BE');
        return f;
      })(),
    });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({
      code: 'validation_failed',
      errors: { file: [expect.stringContaining('required')] },
    });
    const heic = await upload('IMG_0001.heic', 'not an image');
    expect(await heic.json()).toMatchObject({
      code: 'validation_failed',
      errors: { file: [expect.stringContaining('pdf, png, jpg, jpeg, tiff')] },
    });
    const big = await upload('big.pdf', Buffer.concat([PDF('big'), Buffer.alloc(20 * 1024 * 1024)]));
    expect(big.status).toBe(422);
    expect(await big.json()).toMatchObject({ errors: { file: [expect.stringContaining('greater than')] } });
    const state = (await (await t.control('/state')).json()) as { exdata: { documents: number; credits: number } };
    expect(state.exdata).toMatchObject({ documents: 0, credits: 1000 });
  });

  it('lists and deletes documents', async () => {
    const { doc } = await uploadAndWait('list-me.pdf');
    const list = (await (await t.exdata('/api/v1/documents?status=completed')).json()) as {
      data: Doc[];
      meta: { total: number };
    };
    expect(list.data.map((d) => d.id)).toEqual([doc.id]);
    expect((await t.exdata(`/api/v1/documents/${doc.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.exdata(`/api/v1/documents/${doc.id}`)).status).toBe(404);
  });
});
