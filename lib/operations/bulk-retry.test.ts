import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { transactions } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/assert';
import type { SessionUser } from '@/lib/auth/credentials';
import { queues } from '@/lib/jobs/queues';
import { demoSessionUsers, freshDatabaseWithQueue, testServers } from '@/test/databases';
import { bulkRetry, countBulkRetry } from './bulk-retry';

describe.each(testServers())('bulk retry on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  const as: Record<string, SessionUser> = {};
  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    Object.assign(as, await demoSessionUsers(t.db));
    const row = (i: number, category: 'server' | 'rate_limit' | 'validation', dead = false) => ({
      direction: 'outbound' as const,
      status: 'failed' as const,
      sendIdempotencyKey: `send:bulk-${i}`,
      lastErrorCategory: category,
      lastErrorRetryable: !dead,
      deadLetteredAt: dead ? new Date() : null,
    });
    await t.db
      .insert(transactions)
      .values([
        ...Array.from({ length: 250 }, (_, i) => row(i, 'server')),
        ...Array.from({ length: 50 }, (_, i) => row(1000 + i, 'rate_limit')),
        ...Array.from({ length: 20 }, (_, i) => row(2000 + i, 'validation', true)),
      ]);
  });
  afterAll(() => t?.drop());

  it('previews, then queues exactly one send per retryable failure and never a dead-lettered one', async () => {
    expect(await countBulkRetry(t.db)).toBe(300);
    expect(await countBulkRetry(t.db, 'rate_limit')).toBe(50);
    await expect(bulkRetry({ pool: t.pool, boss: t.boss }, as.manager!)).rejects.toThrow(ForbiddenError);
    expect(await bulkRetry({ pool: t.pool, boss: t.boss }, as.support!, 'server')).toEqual({ ok: true, count: 250 });
    const jobs = await t.db.execute<{ n: string; distinct_n: string }>(
      sql`select count(*) as n, count(distinct data->>'transactionId') as distinct_n from pgboss.job where name = ${queues.transactionSend}`,
    );
    expect(jobs.rows[0]).toEqual({ n: '250', distinct_n: '250' });
  });
});
