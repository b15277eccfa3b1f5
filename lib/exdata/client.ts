import { z } from 'zod';
import { createHttp, type ApiCallRecord, type CallContext } from '@/lib/provider-http/http';
import type { TokenBucket } from '@/lib/provider-http/rate-limit';
import { extractionsBody, type Extractions } from './extractions';
import { checkUpload } from './file-check';
import { documentEnvelope, documentList, pingBody, previewList, type ExdataDocument } from './schemas';

export type ExdataClientOptions = {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  ratePerSecond?: number;
  /** Shared throttle across processes; wins over ratePerSecond. */
  throttle?: TokenBucket;
  maxConnections?: number;
  record?: (call: ApiCallRecord) => void | Promise<void>;
  now?: () => number;
};

export type UploadInput = {
  file: Uint8Array;
  filename: string;
  contentType: string;
  locale?: string;
  customTypes?: string[];
  requester?: string;
  /** Stable per logical upload (≤ 255 chars): a retry with the same key returns the same document. */
  idempotencyKey: string;
  requestId?: string;
  ctx?: CallContext;
};

const bytes = z.instanceof(Uint8Array);
const docPath = (id: string, sub = '') => `/api/v1/documents/${encodeURIComponent(id)}${sub}`;

/** Encodes the multipart body up front, so the core sends plain bytes and knows their length. */
async function multipart(input: UploadInput, mime: string): Promise<{ body: Uint8Array; contentType: string }> {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(input.file)], { type: mime }), input.filename);
  if (input.locale) form.set('locale', input.locale);
  for (const type of input.customTypes ?? []) form.append('custom_types[]', type);
  if (input.requester) form.set('requester', input.requester);
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return { body: new Uint8Array(await encoded.arrayBuffer()), contentType };
}

/** Typed client of exdata's document API (docs/providers.md). Never retries: the job queue does. */
export function createExdataClient(options: ExdataClientOptions) {
  if (!options.token) throw new Error('exdata client: token is required');
  const { token } = options;
  const http = createHttp({
    provider: 'exdata',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    maxConnections: options.maxConnections,
    ratePerSecond: options.ratePerSecond,
    throttle: options.throttle,
    headers: () => ({ authorization: `Bearer ${token}` }),
    secrets: () => [token],
    record: options.record,
    now: options.now,
  });

  /** Checks the token. Throws a ProviderError (kind 'auth' for a bad token) rather than returning false. */
  async function ping() {
    const res = await http.request({
      operation: 'ping',
      method: 'GET',
      path: '/api/v1/ping',
      parse: pingBody,
      expect: [200],
    });
    return { ok: true as const, mode: res.data.mode, latencyMs: res.durationMs, requestId: res.requestId };
  }

  async function upload(input: UploadInput): Promise<ExdataDocument> {
    // Throws before any request: a file we would reject costs neither a call nor a credit.
    const { mime } = checkUpload(input);
    const { body, contentType } = await multipart(input, mime);
    const res = await http.request({
      operation: 'documents.upload',
      method: 'POST',
      path: '/api/v1/documents',
      body,
      contentType,
      idempotencyKey: input.idempotencyKey,
      requestId: input.requestId,
      ctx: input.ctx,
      parse: documentEnvelope,
      // 201 is documented; 200 tolerated for a replayed idempotency key.
      expect: [200, 201],
    });
    return res.data;
  }

  async function getDocument(id: string, ctx?: CallContext): Promise<ExdataDocument> {
    const res = await http.request({
      operation: 'documents.get',
      method: 'GET',
      path: docPath(id),
      ctx,
      parse: documentEnvelope,
      expect: [200],
    });
    return res.data;
  }

  /** (assumed) `page`/`per_page` query names; the contract documents no paging. */
  async function listDocuments(opts: { page?: number; perPage?: number } = {}) {
    const query = { page: opts.page, per_page: opts.perPage };
    const res = await http.request({
      operation: 'documents.list',
      method: 'GET',
      path: '/api/v1/documents',
      query,
      parse: documentList,
      expect: [200],
    });
    return res.data;
  }

  async function deleteDocument(id: string, ctx?: CallContext): Promise<void> {
    await http.request({
      operation: 'documents.delete',
      method: 'DELETE',
      path: docPath(id),
      ctx,
      parse: z.unknown(),
      expect: [200, 204],
    });
  }

  async function getExtractions(id: string, ctx?: CallContext): Promise<Extractions> {
    const res = await http.request({
      operation: 'documents.extractions',
      method: 'GET',
      path: docPath(id, '/extractions'),
      ctx,
      parse: extractionsBody,
      expect: [200],
    });
    return res.data;
  }

  async function thumbnail(id: string, ctx?: CallContext): Promise<{ bytes: Uint8Array; contentType: string | null }> {
    const res = await http.request({
      operation: 'documents.thumbnail',
      method: 'GET',
      path: docPath(id, '/thumbnail'),
      ctx,
      parse: bytes,
      expect: [200],
      responseType: 'bytes',
    });
    return { bytes: res.data, contentType: res.headers['content-type'] ?? null };
  }

  async function previews(id: string, ctx?: CallContext) {
    const res = await http.request({
      operation: 'documents.previews',
      method: 'GET',
      path: docPath(id, '/previews'),
      ctx,
      parse: previewList,
      expect: [200],
    });
    return res.data;
  }

  return {
    ping,
    upload,
    getDocument,
    listDocuments,
    deleteDocument,
    getExtractions,
    thumbnail,
    previews,
    close: () => http.close(),
  };
}

export type ExdataClient = ReturnType<typeof createExdataClient>;
