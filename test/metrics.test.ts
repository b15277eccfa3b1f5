import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createDatabase } from '@/db/client';
import { apiCalls, documents } from '@/db/schema';
import { renderPrometheus } from '@/lib/metrics/prometheus';
import { testServers } from './databases';
import { eventually, startStack } from './stack';

const server = testServers()[0]!;

/** The value of one sample line, e.g. value(text, 'goroute_documents_sent_total'). */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  const lines = text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  const match = lines.filter((l) => Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return match.reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('/api/metrics counts the work actually done', () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  beforeAll(async () => {
    stack = await startStack(server.url);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('matches api calls, sends, uploads and webhooks recorded in the database, and exposes the six GoRoute names', async () => {
    const before = (await renderPrometheus(stack.db)).body;
    const ids = [await stack.receive('INV-clean-0101.pdf'), await stack.receive('INV-clean-0102.pdf')];
    for (const id of ids) {
      await eventually(
        async () =>
          (await stack.db.select().from(documents).where(eq(documents.id, id)))[0]?.pipelineState === 'delivered',
        30_000,
        'delivery',
      );
    }
    const { body, contentType } = await renderPrometheus(stack.db);
    expect(contentType).toContain('text/plain');
    for (const name of [
      'goroute_requests_total',
      'goroute_request_duration_seconds',
      'goroute_documents_sent_total',
      'goroute_documents_received_total',
      'goroute_validation_errors_total',
      'goroute_webhook_deliveries_total',
    ]) {
      expect(body).toContain(`# TYPE ${name} `);
    }
    const delta = (name: string, labels: Record<string, string> = {}) =>
      value(body, name, labels) - value(before, name, labels);
    expect(delta('goroute_documents_sent_total')).toBe(2);
    expect(delta('exdata_documents_uploaded_total')).toBe(2);
    expect(delta('exdata_extractions_total', { result: 'completed' })).toBe(2);

    // Every recorded API call is counted once, and the histogram's count agrees with the counter.
    const rows = await stack.db.execute<{ provider: string; n: string }>(
      sql`select provider, count(*) as n from api_calls group by provider`,
    );
    for (const r of rows.rows) {
      expect(value(body, `${r.provider}_requests_total`)).toBe(Number(r.n));
      expect(value(body, `${r.provider}_request_duration_seconds_count`)).toBe(Number(r.n));
    }
    const hooks = await stack.db.execute<{ provider: string; n: string }>(
      sql`select provider, count(*) as n from webhook_deliveries group by provider`,
    );
    for (const r of hooks.rows) expect(value(body, `${r.provider}_webhook_deliveries_total`)).toBe(Number(r.n));
    const dups = await stack.db.execute<{ n: string }>(
      sql`select coalesce(sum(duplicate_count), 0) as n from webhook_deliveries`,
    );
    expect(value(body, 'goroute_webhook_duplicates_total') + value(body, 'exdata_webhook_duplicates_total')).toBe(
      Number(dups.rows[0]!.n),
    );
    expect(body).toMatch(/invoice_ops_queue_depth|invoice_ops_pending_too_long/);
  });

  it('counts what every process records: two more processes (own pools) write, any one scrape sees all of it', async () => {
    const others = [createDatabase(stack.url, 2), createDatabase(stack.url, 2)];
    try {
      const before = value((await renderPrometheus(stack.db)).body, 'goroute_requests_total', {
        operation: 'participants.lookup',
      });
      await Promise.all(
        others.map(({ db }, i) =>
          db.insert(apiCalls).values(
            Array.from({ length: 5 + i }, () => ({
              provider: 'goroute' as const,
              operation: 'participants.lookup',
              method: 'GET',
              path: '/api/v1/participants/lookup',
              httpStatus: 200,
              durationMs: 40,
            })),
          ),
        ),
      );
      for (const scraper of [stack.db, others[0]!.db, others[1]!.db]) {
        expect(
          value((await renderPrometheus(scraper)).body, 'goroute_requests_total', {
            operation: 'participants.lookup',
          }) - before,
        ).toBe(11);
      }
    } finally {
      await Promise.all(others.map((o) => o.pool.end()));
    }
  });
});
