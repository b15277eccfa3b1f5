// GoRoute's HTTP surface (docs/providers.md): X-API-Key auth, participant lookup in both documented shapes,
// validate, idempotent send, transactions. Errors use {error: {code, message, details, request_id}}.
import { type ProviderApp } from '../core/gate';
import { BodyTooLarge, type Ctx, header, readBody, type Route, sendBytes, sendJson } from '../core/http';
import { sha256Hex } from '../core/ids';
import { TokenBucket } from '../core/rate-limit';
import { ParticipantRegistry } from './participants';
import { validateUbl } from './rules';
import type { GoRouteState, TxStatus } from './transactions';
import { parseUbl, type UblDocument } from './ubl';

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'INVALID_API_KEY',
  403: 'AUTH_005',
  404: 'NOT_FOUND',
  409: 'DUPLICATE_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMIT_EXCEEDED',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};
const STATUSES: TxStatus[] = ['pending', 'processing', 'sending', 'delivered', 'failed'];
const MAX_XML_BYTES = 10 * 1024 * 1024;

export class GoRouteApp implements ProviderApp {
  readonly provider = 'goroute' as const;
  readonly bucket: TokenBucket;
  readonly routes: Route[];
  private readonly apiKeys: Set<string>;

  constructor(
    private readonly state: GoRouteState,
    private readonly registry: ParticipantRegistry,
    apiKeys: string[],
    ratePerSecond: number,
  ) {
    this.apiKeys = new Set(apiKeys);
    this.bucket = new TokenBucket(ratePerSecond);
    this.routes = [
      {
        method: 'GET',
        pattern: /^\/health$/,
        handle: (c) =>
          sendJson(c.res, 200, { status: 'ok', environment: 'sandbox', timestamp: new Date().toISOString() }),
      },
      {
        method: 'GET',
        pattern: /^\/peppol\/version$/,
        handle: (c) =>
          sendJson(c.res, 200, {
            version: '2.4.1',
            peppol_ap_id: 'PBE000321',
            environment: 'sandbox',
            status: 'operational',
          }),
      },
      { method: 'GET', pattern: /^\/participants\/lookup$/, handle: (c) => this.lookup(c, 'identifier') },
      { method: 'GET', pattern: /^\/api\/v1\/participants\/lookup$/, handle: (c) => this.lookup(c, 'peppol_id') },
      { method: 'POST', pattern: /^\/api\/v1\/validate$/, handle: (c) => this.validate(c) },
      { method: 'POST', pattern: /^\/api\/v1\/send$/, handle: (c) => this.send(c) },
      { method: 'GET', pattern: /^\/api\/v1\/transactions$/, handle: (c) => this.list(c) },
      { method: 'GET', pattern: /^\/api\/v1\/transactions\/([^/]+)$/, handle: (c) => this.getTx(c, false) },
      { method: 'GET', pattern: /^\/api\/v1\/transactions\/([^/]+)\/document$/, handle: (c) => this.getTx(c, true) },
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
    sendJson(
      ctx.res,
      status,
      { error: { code, message, details: extra.details ?? [], request_id: ctx.requestId } },
      headers,
    );
  }

  codeFor(status: number): string {
    return CODES[status] ?? `HTTP_${status}`;
  }

  authorize(ctx: Ctx): boolean {
    const key = header(ctx.req, 'x-api-key');
    if (key && this.apiKeys.has(key)) return true;
    this.error(
      ctx,
      401,
      'INVALID_API_KEY',
      key ? 'Invalid API key.' : 'Missing API key: send it in the X-API-Key header.',
    );
    return false;
  }

  private lookup(ctx: Ctx, param: 'identifier' | 'peppol_id'): void {
    const id = ctx.query.get(param)?.trim();
    if (!id)
      return this.error(
        ctx,
        400,
        'VAL_001',
        `Query parameter ${param} is required (scheme:identifier, e.g. 0208:0790123495).`,
      );
    const p = this.registry.find(id);
    if (!p)
      return this.error(
        ctx,
        404,
        'PARTICIPANT_NOT_FOUND',
        `Participant ${id} is not registered in the Peppol network (SML lookup returned no SMP).`,
      );
    sendJson(
      ctx.res,
      200,
      param === 'identifier' ? ParticipantRegistry.lookupShape(p) : ParticipantRegistry.v1Shape(p),
    );
  }

  /** Reads and parses the XML body; answers 413/415/400 itself and returns null when it did. */
  private async readUbl(ctx: Ctx): Promise<{ xml: string; hash: string; doc: UblDocument } | null> {
    const type = header(ctx.req, 'content-type') ?? '';
    if (!/^(application|text)\/xml\b/i.test(type)) {
      this.error(ctx, 415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type must be application/xml (got ${type || 'none'}).`);
      return null;
    }
    let raw: Buffer;
    try {
      raw = await readBody(ctx.req, MAX_XML_BYTES);
    } catch (e) {
      if (e instanceof BodyTooLarge) this.error(ctx, 413, 'PAYLOAD_TOO_LARGE', 'The document exceeds 10 MB.');
      else throw e;
      return null;
    }
    const xml = raw.toString('utf8');
    const parsed = parseUbl(xml);
    if (!parsed.ok) {
      const details = [
        { rule: parsed.code === 'INVALID_XML' ? 'XML' : 'UBL', location: parsed.location, message: parsed.message },
      ];
      this.error(
        ctx,
        400,
        parsed.code,
        parsed.code === 'INVALID_XML' ? `Malformed XML: ${parsed.message}` : parsed.message,
        { details },
      );
      return null;
    }
    return { xml, hash: sha256Hex(raw), doc: parsed.doc };
  }

  private async validate(ctx: Ctx): Promise<void> {
    const ubl = await this.readUbl(ctx);
    if (ubl) sendJson(ctx.res, 200, validateUbl(ubl.doc));
  }

  private async send(ctx: Ctx): Promise<void> {
    const key = header(ctx.req, 'idempotency-key') ?? null;
    if (key !== null && (key.length === 0 || key.length > 255))
      return this.error(ctx, 400, 'VAL_001', 'Idempotency-Key must be 1 to 255 characters.');
    const ubl = await this.readUbl(ctx);
    if (!ubl) return;
    // Nothing below awaits, so two concurrent retries with one key cannot both create a transaction.
    const previous = this.state.replay(key, ubl.hash);
    if (previous?.kind === 'conflict') {
      return this.error(
        ctx,
        409,
        'DUPLICATE_REQUEST',
        `Idempotency-Key was already used for a different document (transaction ${previous.stored.tx.id}).`,
      );
    }
    if (previous) {
      // Same key, same body: the original answer again (a retry after a lost response must not send twice).
      return sendJson(
        ctx.res,
        202,
        { transaction_id: previous.stored.tx.id, status: 'pending' },
        { 'idempotent-replayed': 'true' },
      );
    }
    const result = validateUbl(ubl.doc);
    if (!result.valid) {
      const n = result.errors.length;
      return this.error(ctx, 422, 'VALIDATION_ERROR', `Document validation failed: ${n} error${n > 1 ? 's' : ''}`, {
        details: result.errors,
      });
    }
    const receiverId = `${ubl.doc.buyer.endpointScheme}:${ubl.doc.buyer.endpointId}`;
    if (!this.registry.find(receiverId)) {
      return this.error(
        ctx,
        404,
        'PARTICIPANT_NOT_FOUND',
        `Receiver ${receiverId} is not registered in the Peppol network (SML lookup returned no SMP).`,
      );
    }
    const stored = this.state.create(ubl.doc, ubl.xml, ubl.hash, key);
    sendJson(ctx.res, 202, { transaction_id: stored.tx.id, status: 'pending' });
  }

  private list(ctx: Ctx): void {
    const limit = Number(ctx.query.get('limit') ?? 50);
    const status = ctx.query.get('status') ?? undefined;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      return this.error(ctx, 400, 'VAL_002', 'limit must be an integer from 1 to 500.');
    if (status && !STATUSES.includes(status as TxStatus))
      return this.error(ctx, 400, 'VAL_002', `status must be one of ${STATUSES.join(', ')}.`);
    const all = this.state.list(status);
    sendJson(ctx.res, 200, { data: all.slice(0, limit), total: all.length, limit, has_more: all.length > limit });
  }

  private getTx(ctx: Ctx, document: boolean): void {
    const stored = this.state.byId.get(ctx.params[0]!);
    if (!stored) return this.error(ctx, 404, 'TRANSACTION_NOT_FOUND', `Transaction ${ctx.params[0]} not found.`);
    if (document) return sendBytes(ctx.res, 200, stored.xml, 'application/xml; charset=utf-8');
    sendJson(ctx.res, 200, stored.tx);
  }
}
