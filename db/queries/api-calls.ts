import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import type { ApiCallRecord } from '@/lib/provider-http/http';

/**
 * Every provider call goes on record, and on its document's timeline. Holds no key or token.
 * One statement for both rows: this runs for every provider request, so a round trip saved here is
 * one saved per request at the full rate limit.
 */
export async function recordApiCall(db: Database, call: ApiCallRecord) {
  const documentId = call.documentId ?? null;
  const transactionId = call.transactionId ?? null;
  const title = `${call.provider} ${call.method} ${call.path} → ${call.httpStatus ?? call.errorCode ?? 'no response'}`;
  const detail = JSON.stringify({
    durationMs: call.durationMs,
    requestId: call.requestId,
    idempotencyKey: call.idempotencyKey,
  });
  await db.execute(sql`
    with call as (
      insert into api_calls (provider, operation, method, path, http_status, duration_ms, request_id, idempotency_key, error_code, document_id, transaction_id)
      values (${call.provider}, ${call.operation}, ${call.method}, ${call.path}, ${call.httpStatus}, ${call.durationMs}, ${call.requestId}, ${call.idempotencyKey}, ${call.errorCode}, ${documentId}::uuid, ${transactionId}::uuid)
      returning id
    )
    insert into timeline_events (document_id, transaction_id, kind, title, api_call_id, detail)
    select ${documentId}::uuid, ${transactionId}::uuid, 'api_call', ${title}, call.id, ${detail}::jsonb from call
    where ${documentId}::uuid is not null or ${transactionId}::uuid is not null`);
}
