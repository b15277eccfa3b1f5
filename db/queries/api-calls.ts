import type { Database } from '../client';
import { apiCalls, timelineEvents } from '../schema';
import type { ApiCallRecord } from '@/lib/providers/http';


/** Every provider call goes on record, and on its document's timeline. Holds no key or token. */
export async function recordApiCall(db: Database, call: ApiCallRecord) {
  const [row] = await db
    .insert(apiCalls)
    .values({ ...call, documentId: call.documentId ?? null, transactionId: call.transactionId ?? null })
    .returning({ id: apiCalls.id });
  if (call.documentId || call.transactionId) {
    await db.insert(timelineEvents).values({
      documentId: call.documentId ?? null,
      transactionId: call.transactionId ?? null,
      kind: 'api_call',
      title: `${call.provider} ${call.method} ${call.path} → ${call.httpStatus ?? call.errorCode ?? 'no response'}`,
      apiCallId: row!.id,
      detail: { durationMs: call.durationMs, requestId: call.requestId, idempotencyKey: call.idempotencyKey },
    });
  }
}
