import { z } from 'zod';
import type { ErrorDetail } from './errors';

// One tolerant reader for every error body either provider documents (docs/providers.md), plus the
// FastAPI-style `{detail}` a gateway or framework answers with before the provider's own code runs:
//   GoRoute  {error: {code, message, details: [{rule, location, message}], request_id}}
//   exdata   {message, code, request_id, errors: {field: [..]}, retry_after}
//   report   {valid: false, errors: [{rule, location, message}], warnings: [..]}

const text = z.union([z.string(), z.number()]).transform(String);
const detailItem = z.looseObject({
  rule: text.optional(),
  location: text.optional(),
  field: text.optional(),
  message: text.optional(),
  msg: text.optional(),
  loc: z.array(text).optional(),
});
const fieldErrors = z.record(z.string(), z.union([z.array(text), text]));

const envelope = z.looseObject({
  error: z
    .union([
      z.string(),
      z.looseObject({
        code: text.nullish(),
        message: text.nullish(),
        details: z.array(detailItem).nullish(),
        request_id: text.nullish(),
        retry_after: z.unknown().optional(),
      }),
    ])
    .optional()
    .catch(undefined),
  code: text.nullish().catch(null),
  message: text.nullish().catch(null),
  request_id: text.nullish().catch(null),
  retry_after: z.unknown().optional(),
  // A field of an unexpected shape is dropped rather than losing the code and message beside it.
  errors: z
    .union([z.array(detailItem), fieldErrors])
    .nullish()
    .catch(null),
  detail: z
    .union([z.string(), z.array(detailItem)])
    .nullish()
    .catch(null),
});

export type ErrorBody = {
  code: string | null;
  message: string | null;
  details: ErrorDetail[];
  requestId: string | null;
  retryAfter: unknown;
};

const MAX_DETAILS = 200;

function toDetail(item: z.infer<typeof detailItem>): ErrorDetail {
  const location = item.location ?? (item.loc ? item.loc.join('.') : undefined);
  return {
    ...(item.rule !== undefined && { rule: item.rule }),
    ...(location !== undefined && { location }),
    ...(item.field !== undefined && { field: item.field }),
    message: item.message ?? item.msg ?? '',
  };
}

export function readErrorBody(body: unknown): ErrorBody {
  const parsed = envelope.safeParse(body);
  if (!parsed.success)
    return {
      code: null,
      message: typeof body === 'string' ? body : null,
      details: [],
      requestId: null,
      retryAfter: undefined,
    };
  const b = parsed.data;
  const nested = typeof b.error === 'object' ? b.error : undefined;
  const details: ErrorDetail[] = [...(nested?.details ?? []).map(toDetail)];
  if (Array.isArray(b.errors)) details.push(...b.errors.map(toDetail));
  else if (b.errors) {
    for (const [field, messages] of Object.entries(b.errors)) {
      for (const message of Array.isArray(messages) ? messages : [messages]) details.push({ field, message });
    }
  }
  if (Array.isArray(b.detail)) details.push(...b.detail.map(toDetail));
  return {
    code: nested?.code ?? b.code ?? null,
    message:
      nested?.message ??
      b.message ??
      (typeof b.error === 'string' ? b.error : null) ??
      (typeof b.detail === 'string' ? b.detail : null),
    details: details.slice(0, MAX_DETAILS),
    requestId: nested?.request_id ?? b.request_id ?? null,
    retryAfter: nested?.retry_after ?? b.retry_after,
  };
}
