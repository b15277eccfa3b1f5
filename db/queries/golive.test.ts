import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDatabase, testServers } from '@/test/databases';
import { bucketsOf } from '@/db/queries/series';
import { seedOnFirstRun } from '@/demo/seed';
import { extractionOutcome, getGoLive } from './golive';

describe.each(testServers())('go-live figures from rollups on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    t = await freshDatabase(url);
    await seedOnFirstRun(t.db, 'golive-password');
  }, 60_000);
  afterAll(() => t?.drop());

  const count = async (query: ReturnType<typeof sql>) => Number((await t.db.execute<{ n: string }>(query)).rows[0]!.n);

  it('agree with counts over the raw tables for the same range', async () => {
    const now = new Date();
    const g = await getGoLive('30d', now, t.db);
    const since = new Date(bucketsOf('30d', now)[0]!).toISOString();
    expect(g.kpis.delivered).toBe(
      await count(
        sql`select count(*) as n from transactions where direction = 'outbound' and status = 'delivered' and status_changed_at >= ${since}`,
      ),
    );
    expect(g.kpis.webhooksVerified + g.kpis.webhooksRejected).toBe(
      await count(sql`select count(*) as n from webhook_deliveries where received_at >= ${since}`),
    );
    expect(g.kpis.webhooksRejected).toBe(
      await count(
        sql`select count(*) as n from webhook_deliveries where received_at >= ${since} and signature_result in ('missing', 'invalid', 'stale')`,
      ),
    );
    expect(g.kpis.inReview).toBe(
      await count(sql`select count(*) as n from documents where pipeline_state = 'in_review'`),
    );
    expect(g.sends).toHaveLength(30);
    // Demo rows are stored in their final state: those past extraction count as completed extractions.
    expect(g.kpis.extractionRate).toBeGreaterThan(50);
    expect(g.kpis.webhookDuplicates).toBe(
      await count(
        sql`select coalesce(sum(duplicate_count), 0) as n from webhook_deliveries where coalesce(last_duplicate_at, received_at) >= ${since}`,
      ),
    );
    expect(g.latency.find((l) => l.name === 'goroute documents.send')?.calls).toBe(
      await count(
        sql`select count(*) as n from api_calls where provider = 'goroute' and operation = 'documents.send' and created_at >= ${since}`,
      ),
    );
  });

  it('say uploads run at first start, although the demo starts with an acknowledged credits alert', async () => {
    const g = await getGoLive('24h', new Date(), t.db);
    expect(g.kpis.creditsAlertOpen).toBe(true);
    expect(g.kpis.uploads).toMatchObject({ paused: false, since: null });
    // The demo's documents exdata blocked for credits wait for "Resume uploads": held back, but nothing is paused.
    expect(g.kpis.uploads.held).toBe(
      await count(
        sql`select count(*) as n from documents where pipeline_state = 'blocked' and blocked_by is null and last_error_code = 'insufficient_credits'`,
      ),
    );
    await t.db.execute(
      sql`insert into settings (key, value) values ('exdata_credits', ${JSON.stringify({ exhausted: true, since: '2026-11-02T12:00:00.000Z' })}::jsonb)`,
    );
    try {
      expect((await getGoLive('24h', new Date(), t.db)).kpis.uploads).toMatchObject({
        paused: true,
        since: new Date('2026-11-02T12:00:00.000Z'),
      });
    } finally {
      await t.db.execute(sql`delete from settings where key = 'exdata_credits'`);
    }
  });

  it('follow live changes: a delivery and a duplicate redelivery show up at once', async () => {
    const before = await getGoLive('24h', new Date(), t.db);
    await t.db.execute(
      sql`update transactions set status = 'delivered', status_changed_at = now() where id = (select id from transactions where direction = 'outbound' and status = 'sending' limit 1)`,
    );
    await t.db.execute(
      sql`update webhook_deliveries set duplicate_count = duplicate_count + 2, last_duplicate_at = now() where id = (select id from webhook_deliveries where signature_result = 'valid' limit 1)`,
    );
    const after = await getGoLive('24h', new Date(), t.db);
    expect(after.kpis.delivered).toBe(before.kpis.delivered + 1);
    expect(after.kpis.webhookDuplicates).toBe(before.kpis.webhookDuplicates + 2);
  });
});

describe('extraction outcomes', () => {
  it('count a move out of extracting, a row stored past extraction, and every move into extraction_failed', () => {
    expect(extractionOutcome('extracting', 'in_review')).toBe('completed');
    expect(extractionOutcome('', 'delivered')).toBe('completed');
    expect(extractionOutcome('in_review', 'approved')).toBeNull();
    expect(extractionOutcome('', 'received')).toBeNull();
    expect(extractionOutcome('uploading', 'extraction_failed')).toBe('errors');
  });
});
