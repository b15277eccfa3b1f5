import { z } from 'zod';
import { VALIDATION_CODES, badResponse, errorFromResponse } from '@/lib/provider-http/classify';
import { readErrorBody } from '@/lib/provider-http/error-body';
import { ProviderError } from '@/lib/provider-http/errors';
import { createHttp, type ApiCallRecord, type CallContext } from '@/lib/provider-http/http';
import type { TokenBucket } from '@/lib/provider-http/rate-limit';
import { makeRedactor } from '@/lib/provider-http/redact';
import { normalizeParticipant, notRegistered, participantBody, type Participant } from './participant';
import {
  healthBody,
  sendBody,
  transactionBody,
  transactionList,
  validationReport,
  type GoRouteStatus,
  type ValidationResult,
} from './schemas';

export type GoRouteClientOptions = {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  ratePerSecond?: number;
  /** Shared throttle across processes; wins over ratePerSecond. */
  throttle?: TokenBucket;
  maxConnections?: number;
  record?: (call: ApiCallRecord) => void | Promise<void>;
  now?: () => number;
};

export type HealthResult = {
  ok: boolean;
  status: string;
  version?: string;
  environment?: string;
  latencyMs: number;
  errorCode?: string;
};

const HEALTHY = new Set(['ok', 'healthy', 'operational', 'up', 'pass', 'green']);
// A 404 with one of these codes is an answer about the participant, not a missing endpoint.
const PARTICIPANT_ABSENT = new Set(['PARTICIPANT_NOT_FOUND', 'RECEIVER_NOT_FOUND']);

const bytes = z.instanceof(Uint8Array);

function readHealth(raw: Uint8Array, latencyMs: number): HealthResult {
  const text = Buffer.from(raw).toString('utf8').trim();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A bare "OK" is a common /health answer: the 200 is the signal.
    return { ok: true, status: text.slice(0, 40) || 'ok', latencyMs };
  }
  const body = healthBody.safeParse(json);
  if (!body.success) return { ok: true, status: 'ok', latencyMs };
  const status = body.data.status ?? 'ok';
  return {
    ok: HEALTHY.has(status.toLowerCase()),
    status,
    ...(body.data.version && { version: body.data.version }),
    ...(body.data.environment && { environment: body.data.environment }),
    latencyMs,
  };
}

const isAbsent = (e: unknown) =>
  e instanceof ProviderError && e.httpStatus === 404 && e.code !== null && PARTICIPANT_ABSENT.has(e.code);
const isMissingEndpoint = (e: unknown) =>
  e instanceof ProviderError && (e.httpStatus === 405 || (e.httpStatus === 404 && !isAbsent(e)));

/** Typed client of GoRoute's Peppol API (docs/providers.md). Never retries: the job queue does. */
export function createGoRouteClient(options: GoRouteClientOptions) {
  if (!options.apiKey) throw new Error('GoRoute client: apiKey is required');
  const now = options.now ?? Date.now;
  const { apiKey } = options;
  const http = createHttp({
    provider: 'goroute',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    maxConnections: options.maxConnections,
    ratePerSecond: options.ratePerSecond,
    throttle: options.throttle,
    headers: () => ({ 'x-api-key': apiKey }),
    secrets: () => [apiKey],
    record: options.record,
    now,
  });

  /** The seed's GET /health, then the public docs' GET /peppol/version. Never throws. */
  async function health(): Promise<HealthResult> {
    const started = now();
    let last: unknown;
    for (const path of ['/health', '/peppol/version']) {
      try {
        const res = await http.request({
          operation: 'health',
          method: 'GET',
          path,
          parse: bytes,
          expect: [200],
          responseType: 'bytes',
        });
        return readHealth(res.data, res.durationMs);
      } catch (error) {
        last = error;
      }
    }
    const failure = last instanceof ProviderError ? last : null;
    return {
      ok: false,
      status: failure ? failure.kind : 'unreachable',
      latencyMs: now() - started,
      ...(failure?.code && { errorCode: failure.code }),
    };
  }

  /** A participant that is simply not registered comes back as `{registered: false}`, not as an error. */
  async function lookupParticipant(peppolId: string, ctx?: CallContext): Promise<Participant> {
    const attempts = [
      { path: '/participants/lookup', query: { identifier: peppolId } },
      { path: '/api/v1/participants/lookup', query: { peppol_id: peppolId } },
    ];
    for (const [i, attempt] of attempts.entries()) {
      try {
        const res = await http.request({
          operation: 'participants.lookup',
          method: 'GET',
          ...attempt,
          ctx,
          parse: participantBody,
          expect: [200],
        });
        return normalizeParticipant(res.data, peppolId);
      } catch (error) {
        if (isAbsent(error)) return notRegistered(peppolId);
        if (i === attempts.length - 1 || !isMissingEndpoint(error)) throw error;
      }
    }
    throw new Error('unreachable');
  }

  /** Validates UBL through every layer GoRoute runs. An invalid document is a result, not an error. */
  async function validate(ublXml: string, ctx?: CallContext): Promise<ValidationResult> {
    const res = await http.request({
      operation: 'documents.validate',
      method: 'POST',
      path: '/api/v1/validate',
      body: ublXml,
      contentType: 'application/xml',
      ctx,
      parse: z.unknown(),
      expect: [200, 400, 422],
    });
    const report = validationReport.safeParse(res.data);
    if (res.status === 200) {
      if (report.success) return report.data;
      throw badResponse('goroute', 'documents.validate', 200, 'not a validation report', res.requestId);
    }
    if (report.success) return { ...report.data, valid: false };
    // GoRoute's error envelope for an invalid document carries the same rule/location/message list.
    const body = readErrorBody(res.data);
    if (body.code !== null && VALIDATION_CODES.has(body.code)) {
      const errors = body.details.map((d) => ({
        rule: d.rule ?? null,
        location: d.location ?? d.field ?? null,
        message: d.message,
      }));
      return {
        valid: false,
        errors: errors.length ? errors : [{ rule: body.code, location: null, message: body.message ?? body.code }],
        warnings: [],
      };
    }
    const redact = makeRedactor([apiKey]);
    throw errorFromResponse({
      provider: 'goroute',
      operation: 'documents.validate',
      status: res.status,
      headers: res.headers,
      body: res.data,
      nowMs: now(),
      redact,
      sentRequestId: res.requestId,
    });
  }

  /** Same Idempotency-Key ⇒ same transaction on retry. 409 (duplicate) throws kind 'conflict'. */
  async function send(ublXml: string, opts: { idempotencyKey: string; requestId?: string; ctx?: CallContext }) {
    const res = await http.request({
      operation: 'documents.send',
      method: 'POST',
      path: '/api/v1/send',
      body: ublXml,
      contentType: 'application/xml',
      idempotencyKey: opts.idempotencyKey,
      requestId: opts.requestId,
      ctx: opts.ctx,
      parse: sendBody,
      // 202 is documented; 200/201 tolerated for an idempotent replay.
      expect: [200, 201, 202],
    });
    return res.data;
  }

  async function getTransaction(id: string, ctx?: CallContext) {
    const path = `/api/v1/transactions/${encodeURIComponent(id)}`;
    const res = await http.request({
      operation: 'transactions.get',
      method: 'GET',
      path,
      ctx,
      parse: transactionBody,
      expect: [200],
    });
    return res.data;
  }

  async function listTransactions(filter: { limit?: number; status?: GoRouteStatus } = {}) {
    const query = { limit: filter.limit, status: filter.status };
    const res = await http.request({
      operation: 'transactions.list',
      method: 'GET',
      path: '/api/v1/transactions',
      query,
      parse: transactionList,
      expect: [200],
    });
    return res.data;
  }

  return { health, lookupParticipant, validate, send, getTransaction, listTransactions, close: () => http.close() };
}

export type GoRouteClient = ReturnType<typeof createGoRouteClient>;
