import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { documents, transactions } from '@/db/schema';
import { pendingWindows } from '@/lib/pipeline/windows';
import type { JobDeps } from '../deps';
import { queues } from '../queues';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

/**
 * Once a minute: everything still waiting on a provider past its window is asked about directly, in
 * case its webhook was lost. Singleton keys keep one poll per item however often the sweep runs.
 */
export async function pendingSweep(deps: JobDeps): Promise<string> {
  const w = await pendingWindows(deps.db);
  const stuckDocs = await deps.db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.exdataStatus, 'pending'), eq(documents.pipelineState, 'extracting'), lt(documents.stateChangedAt, minutesAgo(w.exdata_pending_minutes))))
    .limit(500);
  const stuckSends = await deps.db
    .select({ id: transactions.id })
    .from(transactions)
    .where(
      and(
        inArray(transactions.status, ['pending', 'processing', 'sending']),
        sql`${transactions.gorouteTransactionId} is not null`,
        or(
          and(eq(transactions.status, 'pending'), lt(transactions.statusChangedAt, minutesAgo(w.goroute_pending_minutes))),
          and(eq(transactions.status, 'processing'), lt(transactions.statusChangedAt, minutesAgo(w.goroute_processing_minutes))),
          and(eq(transactions.status, 'sending'), lt(transactions.statusChangedAt, minutesAgo(w.goroute_sending_minutes))),
        ),
      ),
    )
    .limit(500);
  for (const d of stuckDocs) await deps.boss.send(queues.documentPoll, { documentId: d.id }, { singletonKey: `sweep:${d.id}`, singletonMinutes: 5 });
  for (const t of stuckSends) await deps.boss.send(queues.transactionTrack, { transactionId: t.id }, { singletonKey: `sweep:${t.id}`, singletonMinutes: 5 });
  return `${stuckDocs.length} documents, ${stuckSends.length} sends pending too long`;
}
