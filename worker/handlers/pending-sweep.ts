import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { documents, transactions } from '@/db/schema';
import { documentsPastWindow, sendsPastWindow } from '@/lib/rules/pending';
import { pendingWindows } from '@/db/queries/windows';
import type { JobDeps } from '../deps';
import { queues } from '../../lib/jobs/queues';

/**
 * Once a minute: everything still waiting on a provider's answer past its window (lib/rules/pending.ts) is
 * asked about directly, in case its webhook was lost — documents exdata is extracting, sends GoRoute accepted.
 * Singleton keys keep one poll per item however often the sweep runs.
 */
export async function pendingSweep(deps: JobDeps): Promise<string> {
  const w = await pendingWindows(deps.db);
  const now = new Date();
  const stuckDocs = await deps.db
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        documentsPastWindow(w, now, ['exdata']),
        eq(documents.pipelineState, 'extracting'),
        eq(documents.exdataStatus, 'pending'),
      ),
    )
    .limit(500);
  const stuckSends = await deps.db
    .select({ id: transactions.id })
    .from(transactions)
    .where(
      and(
        sendsPastWindow(w, now),
        inArray(transactions.status, ['pending', 'processing', 'sending']),
        isNotNull(transactions.gorouteTransactionId),
      ),
    )
    .limit(500);
  for (const d of stuckDocs)
    await deps.boss.send(
      queues.documentPoll,
      { documentId: d.id },
      { singletonKey: `sweep:${d.id}`, singletonMinutes: 5 },
    );
  for (const t of stuckSends)
    await deps.boss.send(
      queues.transactionTrack,
      { transactionId: t.id },
      { singletonKey: `sweep:${t.id}`, singletonMinutes: 5 },
    );
  return `${stuckDocs.length} documents, ${stuckSends.length} sends pending too long`;
}
