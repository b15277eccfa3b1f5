import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { webhookDeliveries } from '@/db/schema';
import { handleExdata } from '@/lib/webhooks/handle-exdata';
import { handleGoRoute } from '@/lib/webhooks/handle-goroute';
import { obj, type Outcome } from '@/lib/webhooks/effects';
import { inTransaction, type Enqueue } from '../transaction';
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
  const cause = (error as { cause?: { code?: string; constraint?: string } }).cause ?? (error as { code?: string; constraint?: string });
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The batch in the order the deliveries arrived (received_at, then id). That is also the order in which the
 * receiver locks stored rows to count duplicates (insertAcceptedDeliveries), so a worker batch and a receiver
 * batch never wait on each other in a cycle — with both in arbitrary order the ingest benchmark hit a deadlock
 * that failed a whole receiver batch with 503s. IDs not found (or not IDs) come last, in the order given.
 */
async function arrivalOrder(db: Database, ids: string[]): Promise<{ id: string; index: number }[]> {
  const valid = ids.filter((id) => UUID.test(id));
  const found = valid.length
    ? (await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(inArray(webhookDeliveries.id, valid)).orderBy(asc(webhookDeliveries.receivedAt), asc(webhookDeliveries.id))).map((r) => r.id)
    : [];
  const rank = new Map(found.map((id, i) => [id, i]));
  return ids
    .map((id, index) => ({ id, index }))
    .sort((a, b) => (rank.get(a.id.toLowerCase()) ?? Infinity) - (rank.get(b.id.toLowerCase()) ?? Infinity) || a.index - b.index);
}

/**
 * Applies a batch of deliveries in one transaction — one commit (one WAL flush) for the lot instead of one
 * each, which is what limited processing during a webhook burst — each inside a savepoint, so one delivery
 * that fails rolls back alone: its error comes back for its job, and the others commit. `each` wraps each
 * delivery's work, by its index in `ids` (the worker sets that job's correlation ID there).
 */
export async function processWebhooks(deps: JobDeps, ids: string[], each: <T>(index: number, work: () => Promise<T>) => Promise<T> = (_i, work) => work()): Promise<BatchResult[]> {
  const order = await arrivalOrder(deps.db, ids);
  return inTransaction(deps.pool, deps.boss, async (tx, enqueue) => {
    const results: BatchResult[] = new Array(ids.length);
    for (const { id, index } of order) {
      await tx.execute(sql`savepoint delivery`);
      try {
        const outcome = await each(index, () => apply(tx, enqueue, id));
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
  const [delivery] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryRowId)).for('update');
  if (!delivery || delivery.processingResult !== 'queued') return null;
  const ctx = { tx, enqueue, deliveryRowId, receivedAt: delivery.receivedAt };
  const body = parse(delivery.body);
  const outcome = delivery.provider === 'exdata' ? await handleExdata(ctx, delivery.eventType, body) : await handleGoRoute(ctx, delivery.eventType, body);
  const processedAt = new Date();
  await tx
    .update(webhookDeliveries)
    .set({
      processingResult: outcome.result,
      processingError: outcome.error ?? null,
      effectKey: outcome.effectKey ?? null,
      documentId: outcome.documentId ?? null,
      transactionId: outcome.transactionId ?? null,
      processedAt,
      processingLatencyMs: processedAt.getTime() - delivery.receivedAt.getTime(),
    })
    .where(eq(webhookDeliveries.id, deliveryRowId));
  return outcome;
}
