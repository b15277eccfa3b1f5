// exdata's HTTP surface (docs/providers.md): Bearer tokens with abilities, idempotent multipart uploads, credits,
// documents, extractions, thumbnails and previews. Errors use {message, code, request_id, errors}.
import { type ProviderApp } from '../core/gate';
import { type Ctx, header, type Route, sendBytes, sendEmpty, sendJson } from '../core/http';
import { TokenBucket } from '../core/rate-limit';
import { ExdataState, type StoredDoc } from './documents';
import { PREVIEW, THUMBNAIL } from './images';
import { readUpload } from './upload';

export interface ExdataToken {
  token: string;
  mode: 'test' | 'live';
  /** Omitted = every ability. Known: documents:read, documents:create, documents:delete. */
  abilities?: string[];
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  402: 'insufficient_credits',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'validation_failed',
  429: 'rate_limited',
  500: 'server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export class ExdataApp implements ProviderApp {
  readonly provider = 'exdata' as const;
  readonly bucket: TokenBucket;
  readonly routes: Route[];

  constructor(
    private readonly state: ExdataState,
    private readonly tokens: ExdataToken[],
    ratePerSecond: number,
  ) {
    this.bucket = new TokenBucket(ratePerSecond);
    const doc = (suffix: string) => new RegExp(`^/api/v1/documents/([^/]+)${suffix}$`);
    this.routes = [
      {
        method: 'GET',
        pattern: /^\/api\/v1\/ping$/,
        handle: (c) =>
          sendJson(c.res, 200, { data: { status: 'ok', mode: c.mode, timestamp: new Date().toISOString() } }),
      },
      { method: 'POST', pattern: /^\/api\/v1\/documents$/, ability: 'documents:create', handle: (c) => this.upload(c) },
      { method: 'GET', pattern: /^\/api\/v1\/documents$/, ability: 'documents:read', handle: (c) => this.list(c) },
      {
        method: 'GET',
        pattern: doc(''),
        ability: 'documents:read',
        handle: (c) => this.withDoc(c, (s) => sendJson(c.res, 200, { data: s.doc })),
      },
      { method: 'DELETE', pattern: doc(''), ability: 'documents:delete', handle: (c) => this.remove(c) },
      { method: 'GET', pattern: doc('/extractions'), ability: 'documents:read', handle: (c) => this.extractions(c) },
      {
        method: 'GET',
        pattern: doc('/thumbnail'),
        ability: 'documents:read',
        handle: (c) => this.withDoc(c, () => sendBytes(c.res, 200, THUMBNAIL, 'image/png')),
      },
      { method: 'GET', pattern: doc('/previews'), ability: 'documents:read', handle: (c) => this.previews(c) },
      {
        method: 'GET',
        pattern: doc('/previews/(\\d+)'),
        ability: 'documents:read',
        handle: (c) => this.previewPage(c),
      },
    ];
  }

  error(
    ctx: Ctx,
    status: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): void {
    sendJson(ctx.res, status, { message, code, request_id: ctx.requestId, errors: {}, ...extra }, headers);
  }

  codeFor(status: number): string {
    return CODES[status] ?? `http_${status}`;
  }

  authorize(ctx: Ctx, route: Route | undefined): boolean {
    const m = /^Bearer\s+(.+)$/i.exec(header(ctx.req, 'authorization') ?? '');
    const token = m ? this.tokens.find((t) => t.token === m[1]!.trim()) : undefined;
    if (!token) {
      this.error(ctx, 401, 'unauthenticated', 'Unauthenticated.');
      return false;
    }
    ctx.mode = token.mode;
    if (route?.ability && token.abilities && !token.abilities.includes(route.ability)) {
      this.error(ctx, 403, 'forbidden', `This token does not have the ${route.ability} ability.`);
      return false;
    }
    return true;
  }

  private withDoc(ctx: Ctx, fn: (s: StoredDoc) => void): void {
    const stored = this.state.byId.get(ctx.params[0]!);
    if (!stored) return this.error(ctx, 404, 'not_found', 'Document not found.');
    fn(stored);
  }

  private async upload(ctx: Ctx): Promise<void> {
    const key = header(ctx.req, 'idempotency-key') ?? null;
    if (key !== null && (key.length === 0 || key.length > 255)) {
      ctx.req.resume();
      return this.error(ctx, 422, 'validation_failed', 'The idempotency key must be 1 to 255 characters.', {
        errors: { idempotency_key: ['The idempotency key must be 1 to 255 characters.'] },
      });
    }
    const parsed = await readUpload(ctx.req);
    if (!parsed.ok) {
      const messages = Object.values(parsed.errors).flat();
      return this.error(ctx, 422, 'validation_failed', messages[0] ?? 'The given data was invalid.', {
        errors: parsed.errors,
      });
    }
    const hash = ExdataState.payloadHash(parsed.upload);
    // No await from here on: concurrent retries with one key see each other's document.
    const previous = this.state.lookup(key, hash);
    if (previous?.kind === 'conflict') {
      return this.error(
        ctx,
        409,
        'idempotency_key_reused',
        'The Idempotency-Key was already used with a different payload.',
        { document_id: previous.stored.doc.id },
      );
    }
    if (previous?.kind === 'in_progress') {
      return this.error(
        ctx,
        409,
        'idempotency_key_in_progress',
        'A request with this Idempotency-Key is still being processed.',
        { document_id: previous.stored.doc.id },
      );
    }
    const stored = previous?.stored ?? this.state.create(parsed.upload, key, hash, ctx.mode ?? 'test', ctx.requestId);
    if (stored.doc.status === 'blocked') {
      return this.error(
        ctx,
        402,
        'insufficient_credits',
        'Insufficient credits: the document was stored as blocked. Add credits, then upload again with a new Idempotency-Key.',
        { document_id: stored.doc.id },
      );
    }
    sendJson(ctx.res, previous ? 200 : 201, { data: stored.doc });
  }

  private list(ctx: Ctx): void {
    const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
    const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 25) || 25));
    const all = this.state.list(ctx.query.get('status') ?? undefined);
    const data = all.slice((page - 1) * perPage, page * perPage);
    sendJson(ctx.res, 200, {
      data,
      meta: {
        current_page: page,
        per_page: perPage,
        total: all.length,
        last_page: Math.max(1, Math.ceil(all.length / perPage)),
      },
    });
  }

  private extractions(ctx: Ctx): void {
    this.withDoc(ctx, (s) => {
      if (s.extraction) return sendJson(ctx.res, 200, { data: s.extraction });
      if (s.doc.status === 'pending')
        return this.error(ctx, 409, 'document_not_ready', 'The document is still being processed.');
      this.error(ctx, 409, 'no_extraction', `The document has no extraction (status ${s.doc.status}).`);
    });
  }

  private remove(ctx: Ctx): void {
    this.withDoc(ctx, (s) => {
      this.state.delete(s.doc.id);
      sendEmpty(ctx.res, 204);
    });
  }

  private previewPage(ctx: Ctx): void {
    this.withDoc(ctx, (s) => {
      const page = Number(ctx.params[1]);
      if (page >= 1 && page <= s.pages) sendBytes(ctx.res, 200, PREVIEW, 'image/png');
      else this.error(ctx, 404, 'not_found', `The document has no page ${page}.`);
    });
  }

  private previews(ctx: Ctx): void {
    this.withDoc(ctx, (s) => {
      const data = Array.from({ length: s.pages }, (_, i) => ({
        page: i + 1,
        url: `${ctx.baseUrl}/api/v1/documents/${s.doc.id}/previews/${i + 1}`,
      }));
      sendJson(ctx.res, 200, { data });
    });
  }
}
