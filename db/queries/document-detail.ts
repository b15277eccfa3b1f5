import { asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { creditsState } from '@/db/queries/credits';
import { pendingWindows } from '@/db/queries/windows';
import { db, type Database } from '../client';
import {
  apiCalls,
  documents,
  extractedFields,
  timelineEvents,
  transactions,
  users,
  vendors,
  webhookDeliveries,
} from '../schema';

/** Timeline lines shown at most, counted after repeated calls are folded. */
const TIMELINE_LINES = 500;

/**
 * The document's timeline with each run of repeated API calls folded into its first event, which carries the run's
 * length and last time (the rule of components/timeline-runs.ts repeatsPrevious: an API call with the same title —
 * provider, method, path, status — as the event just before it). Folded in SQL, before the limit: a document polled
 * thousands of times must still show what happened after the polls.
 */
export async function foldedTimeline(database: Database, scope: SQL) {
  const { rows } = await database.execute<{ id: string; repeats: number; last_at: string }>(sql`
    with scoped as (
      select ${timelineEvents.id} as id, ${timelineEvents.createdAt} as created_at,
             case when ${timelineEvents.kind} = 'api_call' and lag(${timelineEvents.kind}) over w = 'api_call' and lag(${timelineEvents.title}) over w = ${timelineEvents.title} then 0 else 1 end as starts
        from ${timelineEvents} where ${scope}
      window w as (order by ${timelineEvents.createdAt}, ${timelineEvents.id})
    ), runs as (
      select id, created_at, sum(starts) over (order by created_at, id) as run from scoped
    )
    select (array_agg(id order by created_at, id))[1] as id, count(*)::int as repeats, max(created_at) as last_at
      from runs group by run order by run limit ${TIMELINE_LINES}`);
  if (rows.length === 0) return [];
  const events = await database
    .select({ event: timelineEvents, actor: users.name })
    .from(timelineEvents)
    .leftJoin(users, eq(users.id, timelineEvents.actorId))
    .where(
      inArray(
        timelineEvents.id,
        rows.map((r) => Number(r.id)),
      ),
    );
  const byId = new Map(events.map((e) => [e.event.id, e]));
  return rows.flatMap((r) => {
    const e = byId.get(Number(r.id));
    return e ? [{ ...e, repeats: r.repeats, lastAt: new Date(r.last_at) }] : [];
  });
}

/** Everything the document page shows: its IDs, fields, sends, one timeline across both providers, and what it waits for. */
export async function getDocumentDetail(id: string, database: Database = db) {
  const [doc] = await database
    .select({ doc: documents, vendorName: vendors.name, blockedByName: users.name, blockedByRole: users.role })
    .from(documents)
    .leftJoin(vendors, eq(vendors.id, documents.vendorId))
    .leftJoin(users, eq(users.id, documents.blockedBy))
    .where(eq(documents.id, id));
  if (!doc) return null;
  const [fields, sends, windows, credits] = await Promise.all([
    database
      .select()
      .from(extractedFields)
      .where(eq(extractedFields.documentId, id))
      .orderBy(asc(extractedFields.name)),
    database.select().from(transactions).where(eq(transactions.documentId, id)).orderBy(asc(transactions.createdAt)),
    pendingWindows(database),
    creditsState(database),
  ]);
  const txnIds = sends.map((t) => t.id);
  const scope =
    txnIds.length > 0
      ? or(eq(timelineEvents.documentId, id), inArray(timelineEvents.transactionId, txnIds))!
      : eq(timelineEvents.documentId, id);
  const [timeline, calls, hooks] = await Promise.all([
    foldedTimeline(database, scope),
    database
      .select({ requestId: apiCalls.requestId, idempotencyKey: apiCalls.idempotencyKey })
      .from(apiCalls)
      .where(
        txnIds.length > 0
          ? or(eq(apiCalls.documentId, id), inArray(apiCalls.transactionId, txnIds))
          : eq(apiCalls.documentId, id),
      ),
    database
      .select({
        id: webhookDeliveries.id,
        deliveryId: webhookDeliveries.deliveryId,
        provider: webhookDeliveries.provider,
        eventType: webhookDeliveries.eventType,
      })
      .from(webhookDeliveries)
      .where(
        txnIds.length > 0
          ? or(eq(webhookDeliveries.documentId, id), inArray(webhookDeliveries.transactionId, txnIds))
          : eq(webhookDeliveries.documentId, id),
      ),
  ]);
  const requestIds = [...new Set(calls.map((c) => c.requestId).filter((r): r is string => Boolean(r)))];
  return { ...doc, fields, sends, timeline, requestIds, deliveries: hooks, windows, credits };
}
