import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { webhookDeliveries } from '@/db/schema';
import { handleExdata } from '@/worker/webhooks/exdata';
import { handleGoRoute, statusEventTransactionId } from '@/worker/webhooks/goroute';
import { obj } from '@/lib/json';
import type { Outcome } from '@/worker/webhooks/effects';
import { inTransaction, type Enqueue } from '../../db/transaction';
import type { JobDeps } from '../deps';

function parse(body: string | null): Record<string, unknown> {
  try {
    return obj(JSON.parse(body ?? 'null'));
  } catch {
    return {};
  }
}

/** Two copies of one effect (an exdata replay racing its original) both passed the check; the unique index let one win. */
function isDuplicateEffect(error: unknown): boolean {
  const cause =
    (error as { cause?: { code?: string; constraint?: string } }).cause ??
    (error as { code?: string; constraint?: string });
  return cause.code === '23505' && cause.constraint === 'webhook_deliveries_effect_key';
}

async function markDuplicateEffect(db: Database, deliveryRowId: string): Promise<Outcome> {
  await db
    .update(webhookDeliveries)
    .set({ processingResult: 'duplicate_effect', processedAt: new Date() })
    .where(and(eq(webhookDeliveries.id, deliveryRowId), eq(webhookDeliveries.processingResult, 'queued')));
  return { result: 'duplicate_effect' };
}

/**
 * Applies one stored delivery. Runs in one transaction with everything it changes, so a crash
 * re-runs it whole; a delivery already past `queued` is left alone (at-least-once jobs, exactly-once effects).
 */
export async function processWebhook(deps: JobDeps, deliveryRowId: string): Promise<Outcome | null> {
  try {
    return await inTransaction(deps.pool, deps.boss, (tx, enqueue) => apply(tx, enqueue, deliveryRowId));
  } catch (error) {
    // The loser of the race is a duplicate, not a failure.
    if (!isDuplicateEffect(error)) throw error;
    return markDuplicateEffect(deps.db, deliveryRowId);
  }
}

export type BatchResult = { id: string; outcome?: Outcome | null; error?: unknown };
type Each = <T>(index: number, work: () => Promise<T>) => Promise<T>;
type Delivery = typeof webhookDeliveries.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notAnId = (id: string) => new Error(`${JSON.stringify(id)} is not a delivery ID`);

/**
 * Applies a batch of deliveries in one transaction — one commit (one WAL flush) for the lot instead of one
 * each. First all together: the batch's rows locked in one statement, each delivery's effect, and the outcomes
 * written back in one statement. That is ~1 round trip a delivery instead of ~5, which is what limited
 * processing during a webhook burst (measured: ~2.4 ms of worker CPU and ~3 ms of PostgreSQL CPU a delivery).
 * If anything in the batch fails — a handler error, or two deliveries with the same effect that the unique
 * index refuses — the whole attempt rolls back and the batch is applied again one delivery at a time, each in a
 * savepoint, so one that fails rolls back alone: its error comes back for its job, and the others commit.
 * `each` wraps each delivery's work, by its index in `ids` (the worker sets that job's correlation ID there).
 *
 * Rows are locked in the order the deliveries arrived (received_at, then id). That is also the order in which
 * the duplicate-count fold locks them (foldDuplicateCopies), so the two never wait on each other in a cycle —
 * with the receiver counting in arbitrary order the ingest benchmark once hit a deadlock that failed a whole
 * receiver batch with 503s.
 */
export async function processWebhooks(
  deps: JobDeps,
  ids: string[],
  each: Each = (_i, work) => work(),
): Promise<BatchResult[]> {
  try {
    return await applyTogether(deps, ids, each);
  } catch {
    return applyOneByOne(deps, ids, each);
  }
}

/** The batch's rows, locked, in arrival order; with the index of each in `ids`. */
async function lockInArrivalOrder(tx: Database, ids: string[]): Promise<{ delivery: Delivery; index: number }[]> {
  const valid = ids.filter((id) => UUID.test(id));
  if (valid.length === 0) return [];
  const rows = await tx
    .select()
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.id, valid))
    .orderBy(asc(webhookDeliveries.receivedAt), asc(webhookDeliveries.id))
    .for('update');
  const position = new Map(ids.map((id, i) => [id.toLowerCase(), i] as const));
  return rows.map((delivery) => ({ delivery, index: position.get(delivery.id)! }));
}

async function applyTogether(deps: JobDeps, ids: string[], each: Each): Promise<BatchResult[]> {
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    // Not found (e.g. removed by retention since): nothing to do, as for a delivery already processed.
    const results: BatchResult[] = ids.map((id) =>
      UUID.test(id) ? { id, outcome: null } : { id, error: notAnId(id) },
    );
    const applied: { delivery: Delivery; outcome: Outcome }[] = [];
    // Each body parsed once, for the batch lookup and the delivery's effect.
    const locked = (await lockInArrivalOrder(tx, ids))
      .filter(({ delivery }) => delivery.processingResult === 'queued')
      .map((l) => ({ ...l, body: parse(l.delivery.body) }));
    const unknown = await unknownGoRouteIds(tx, locked);
    for (const { delivery, index, body } of locked) {
      const outcome = await each(index, () => effect(tx, enqueue, delivery, body, unknown));
      applied.push({ delivery, outcome });
      results[index] = { id: ids[index]!, outcome };
    }
    await recordOutcomes(tx, applied);
    return results;
  });
}

async function applyOneByOne(deps: JobDeps, ids: string[], each: Each): Promise<BatchResult[]> {
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const results: BatchResult[] = ids.map((id) =>
      UUID.test(id) ? { id, outcome: null } : { id, error: notAnId(id) },
    );
    for (const { delivery, index } of await lockInArrivalOrder(tx, ids)) {
      if (delivery.processingResult !== 'queued') continue;
      const id = ids[index]!;
      await tx.execute(sql`savepoint delivery`);
      try {
        const outcome = await each(index, () => effect(tx, enqueue, delivery));
        await recordOutcomes(tx, [{ delivery, outcome }]);
        await tx.execute(sql`release savepoint delivery`);
        results[index] = { id, outcome };
      } catch (error) {
        await tx.execute(sql`rollback to savepoint delivery`);
        if (isDuplicateEffect(error)) results[index] = { id, outcome: await markDuplicateEffect(tx, id) };
        else results[index] = { id, error };
      }
    }
    return results;
  });
}

async function apply(tx: Database, enqueue: Enqueue, deliveryRowId: string): Promise<Outcome | null> {
  const [delivery] = await tx
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, deliveryRowId))
    .for('update');
  if (!delivery || delivery.processingResult !== 'queued') return null;
  const outcome = await effect(tx, enqueue, delivery);
  await recordOutcomes(tx, [{ delivery, outcome }]);
  return outcome;
}

/**
 * The batch's GoRoute status events about transactions this hub does not hold, found in one query instead of one
 * query per delivery. GoRoute reports on every transaction of the organization, including those sent by other
 * systems, and such a delivery costs nothing else — in a burst of them that per-delivery lookup was most of the
 * worker's work. None when a delivery in the batch could create a transaction (an inbound document): a later
 * delivery in the batch may be about it.
 */
async function unknownGoRouteIds(
  tx: Database,
  deliveries: { delivery: Delivery; body: Record<string, unknown> }[],
): Promise<Set<string>> {
  const asked = new Set<string>();
  for (const { delivery: d, body } of deliveries) {
    if (d.provider !== 'goroute') continue;
    if (d.eventType === 'document.received') return new Set();
    const id = statusEventTransactionId(d.eventType, body);
    if (id) asked.add(id);
  }
  if (asked.size < 2) return new Set();
  const { rows } = await tx.execute<{ id: string }>(
    sql`select goroute_transaction_id as id from transactions where goroute_transaction_id = any(${sql.param([...asked])}::text[])`,
  );
  for (const r of rows) asked.delete(r.id);
  return asked;
}

/** What the delivery does to documents and transactions (the provider's handler). */
function effect(
  tx: Database,
  enqueue: Enqueue,
  delivery: Delivery,
  body = parse(delivery.body),
  unknownGoRouteIds?: ReadonlySet<string>,
): Promise<Outcome> {
  const ctx = { tx, enqueue, deliveryRowId: delivery.id, receivedAt: delivery.receivedAt, unknownGoRouteIds };
  return delivery.provider === 'exdata' ? handleExdata(ctx, body) : handleGoRoute(ctx, delivery.eventType, body);
}

/** Latency counts from the request being served: receipt, or a person's reprocess (not first receipt, days before). */
const requestedAt = (d: Delivery) => d.reprocessRequestedAt ?? d.receivedAt;

/** Writes the outcomes back onto their delivery rows, in one statement (one firing of the rollup trigger). */
async function recordOutcomes(tx: Database, applied: { delivery: Delivery; outcome: Outcome }[]) {
  if (applied.length === 0) return;
  const processedAt = new Date();
  const column = <T>(pick: (a: { delivery: Delivery; outcome: Outcome }) => T) => sql.param(applied.map(pick));
  await tx.execute(sql`
    update webhook_deliveries w
       set processing_result = u.result::processing_result, processing_error = u.error, effect_key = u.effect_key,
           document_id = u.document_id, transaction_id = u.transaction_id, processed_at = ${processedAt.toISOString()}::timestamptz, processing_latency_ms = u.latency
      from unnest(${column((a) => a.delivery.id)}::uuid[], ${column((a) => a.outcome.result)}::text[], ${column((a) => a.outcome.error ?? null)}::text[],
                  ${column((a) => a.outcome.effectKey ?? null)}::text[], ${column((a) => a.outcome.documentId ?? null)}::uuid[],
                  ${column((a) => a.outcome.transactionId ?? null)}::uuid[], ${column((a) => processedAt.getTime() - requestedAt(a.delivery).getTime())}::int[])
           as u(id, result, error, effect_key, document_id, transaction_id, latency)
     where w.id = u.id`);
}
