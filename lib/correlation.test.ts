import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDatabaseWithQueue, testServers } from '@/test/databases';
import { currentCorrelationId, stampCorrelation, withCorrelation } from './correlation';
import { queues } from './jobs/queues';
import { inTransaction } from '../db/transaction';

describe('correlation IDs', () => {
  it('follow async work and are added to job data without overriding one already there', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    await withCorrelation('hook-123', async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentCorrelationId()).toBe('hook-123');
      expect(stampCorrelation({ documentId: 'd' })).toEqual({ documentId: 'd', correlationId: 'hook-123' });
      expect(stampCorrelation({ correlationId: 'earlier' })).toEqual({ correlationId: 'earlier' });
    });
    expect(stampCorrelation({ a: 1 })).toEqual({ a: 1 });
  });

  it('replaces an unusable ID with a fresh one', () => {
    withCorrelation('bad id with spaces\n', () => expect(currentCorrelationId()).toMatch(/^[0-9a-f-]{36}$/));
  });
});

const server = testServers()[0]!;

describe('jobs inherit the correlation ID of the work that enqueued them', () => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  beforeAll(async () => {
    t = await freshDatabaseWithQueue(server.url);
  });
  afterAll(() => t?.drop());

  it('through a transactional enqueue and a direct send', async () => {
    await withCorrelation('action-42', async () => {
      await inTransaction(t.pool, t.boss, (_tx, enqueue) => enqueue(queues.documentPoll, { documentId: 'doc-1' }));
      await t.boss.send(queues.documentPoll, { documentId: 'doc-2' });
    });
    const rows = await t.db.execute<{ data: { documentId: string; correlationId?: string } }>(
      sql`select data from pgboss.job where name = ${queues.documentPoll}`,
    );
    expect(rows.rows.map((r) => r.data).sort((a, b) => a.documentId.localeCompare(b.documentId))).toEqual([
      { documentId: 'doc-1', correlationId: 'action-42' },
      { documentId: 'doc-2', correlationId: 'action-42' },
    ]);
  });
});
