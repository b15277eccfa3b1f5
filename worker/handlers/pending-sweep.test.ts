import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { documents, transactions } from '@/db/schema';
import { queues } from '@/lib/jobs/queues';
import { freshDatabaseWithQueue, testServers } from '@/test/databases';
import type { JobDeps } from '../deps';
import { pendingSweep } from './pending-sweep';

describe.each(testServers())('pending-too-long sweep on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  let deps: JobDeps;
  const jobs = async (name: string) =>
    Number((await t.db.execute(sql`select count(*) as n from pgboss.job where name = ${name}`)).rows[0]!.n);

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    deps = { db: t.db, pool: t.pool, boss: t.boss };
  });
  afterAll(() => t?.drop());

  it('polls only what has waited past its window, once however often it runs', async () => {
    const old = new Date(Date.now() - 20 * 60_000);
    const fresh = new Date();
    const doc = (n: string, at: Date) => ({
      sourceId: `SRC-S-${n}`,
      exdataDocumentId: `doc_s_${n}`,
      uploadIdempotencyKey: `upload:s:${n}`,
      filename: 'a.pdf',
      fileFormat: 'pdf',
      fileSize: 1,
      pipelineState: 'extracting' as const,
      exdataStatus: 'pending' as const,
      stateChangedAt: at,
    });
    await t.db.insert(documents).values([doc('old', old), doc('new', fresh)]);
    await t.db.insert(transactions).values([
      { direction: 'outbound', gorouteTransactionId: 'txn_s_old', status: 'sending', statusChangedAt: old },
      { direction: 'outbound', gorouteTransactionId: 'txn_s_new', status: 'sending', statusChangedAt: fresh },
      { direction: 'outbound', gorouteTransactionId: 'txn_s_done', status: 'delivered', statusChangedAt: old },
    ]);
    expect(await pendingSweep(deps)).toBe('1 documents, 1 sends pending too long');
    await pendingSweep(deps);
    expect(await jobs(queues.documentPoll)).toBe(1);
    expect(await jobs(queues.transactionTrack)).toBe(1);
  });
});
