import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testServers } from '@/test/databases';
import { pipelineStates, transactionStatuses } from '@/db/schema';
import { ScaleRefused, seedScale, type ScaleReport } from './run';

// `npm run seed:scale` at 1/1000 of the budgets' volume: 200 documents, 1,000 transactions, 1,000 webhook
// deliveries, 2,000 API calls, loaded with COPY into a fresh database.
describe.each(testServers())('seed:scale on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let report: ScaleReport;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await freshDatabase(url);
    report = await seedScale(t.db, t.pool, { scale: 0.001, seed: 4242, log: (l) => lines.push(l) });
  }, 120_000);
  afterAll(() => t?.drop());

  const rows = async <R extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
    (await t.db.execute<R>(query)).rows;
  const n = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: string }>(query))[0]!.n);

  it('loads exactly the asked counts and reports them per table', async () => {
    expect(await n(sql`select count(*) as n from documents`)).toBe(200);
    expect(await n(sql`select count(*) as n from transactions`)).toBe(1_000);
    expect(await n(sql`select count(*) as n from webhook_deliveries`)).toBe(1_000);
    expect(await n(sql`select count(*) as n from api_calls`)).toBe(2_000);
    const extracted = await n(sql`select count(*) as n from documents where exdata_status = 'completed'`);
    const fields = await n(sql`select count(*) as n from extracted_fields`);
    expect(fields).toBeGreaterThanOrEqual(10 * extracted);
    expect(fields).toBeLessThanOrEqual(15 * extracted);
    expect(await n(sql`select count(*) as n from timeline_events`)).toBeGreaterThan(200 * 3);
    expect(report.rows).toMatchObject({
      documents: 200,
      transactions: 1_000,
      webhook_deliveries: 1_000,
      api_calls: 2_000,
      extracted_fields: fields,
    });
    expect(lines.some((l) => /^Done: [\d,]+ rows in [\d.]+ s/.test(l))).toBe(true);
    expect(report.futureRows).toBe(0);
  });

  it('covers every pipeline state, transaction status and the failure categories', async () => {
    const states = (await rows<{ s: string }>(sql`select distinct pipeline_state as s from documents`)).map((r) => r.s);
    expect(states.sort()).toEqual([...pipelineStates].sort());
    const statuses = (await rows<{ s: string }>(sql`select distinct status as s from transactions`)).map((r) => r.s);
    expect(statuses.sort()).toEqual([...transactionStatuses].sort());
    expect(await n(sql`select count(*) as n from transactions where direction = 'inbound'`)).toBe(200);
    const categories = (
      await rows<{ c: string }>(sql`select distinct last_error_category as c from transactions where status = 'failed'`)
    ).map((r) => r.c);
    expect(categories).toContain('validation');
    expect(categories.length).toBeGreaterThanOrEqual(3);
    // Validation failures carry GoRoute's rule and location.
    const details = await rows<{ d: { rule: string; location: string }[] }>(
      sql`select last_error_details as d from transactions where last_error_category = 'validation'`,
    );
    for (const { d } of details)
      for (const x of d)
        expect(x).toMatchObject({
          rule: expect.stringMatching(/^(BR-|PEPPOL-)/),
          location: expect.stringMatching(/^\/Invoice/),
        });
    expect(await n(sql`select count(*) as n from transactions where dead_lettered_at is not null`)).toBeGreaterThan(0);
    // Mostly valid signatures, some rejected of every kind the receivers record.
    const valid = await n(
      sql`select count(*) as n from webhook_deliveries where signature_result in ('valid', 'valid_previous_secret')`,
    );
    expect(valid / 1_000).toBeGreaterThan(0.9);
    expect(
      await n(
        sql`select count(distinct signature_result) as n from webhook_deliveries where signature_result in ('missing', 'invalid', 'stale')`,
      ),
    ).toBe(3);
    const statusesSeen = (
      await rows<{ s: number }>(sql`select distinct http_status as s from api_calls where http_status is not null`)
    ).map((r) => r.s);
    for (const s of [200, 201, 202, 429, 503]) expect(statusesSeen).toContain(s);
    const ops = (await rows<{ o: string }>(sql`select distinct provider || ' ' || operation as o from api_calls`)).map(
      (r) => r.o,
    );
    for (const o of [
      'goroute documents.validate',
      'goroute documents.send',
      'goroute participants.lookup',
      'exdata documents.upload',
      'exdata documents.get',
      'exdata documents.extractions',
    ])
      expect(ops).toContain(o);
  });

  it('keeps every unique index and foreign key', async () => {
    const dupes = await rows<{ what: string; n: string }>(sql`
      select 'source_id' as what, count(*) - count(distinct source_id) as n from documents
      union all select 'exdata_document_id', count(exdata_document_id) - count(distinct exdata_document_id) from documents
      union all select 'upload key', count(*) - count(distinct upload_idempotency_key) from documents
      union all select 'goroute id', count(goroute_transaction_id) - count(distinct goroute_transaction_id) from transactions
      union all select 'send key', count(send_idempotency_key) - count(distinct send_idempotency_key) from transactions
      union all select 'delivery id', count(*) - count(distinct (provider, delivery_id)) from webhook_deliveries where signature_result in ('valid', 'valid_previous_secret') and delivery_id is not null
      union all select 'effect key', count(*) - count(distinct (provider, effect_key)) from webhook_deliveries where processing_result = 'processed' and effect_key is not null
      union all select 'field name', count(*) - count(distinct (document_id, name)) from extracted_fields`);
    for (const d of dupes) expect({ what: d.what, n: Number(d.n) }).toEqual({ what: d.what, n: 0 });
    expect(
      await n(
        sql`select count(*) as n from pg_index i join pg_class c on c.oid = i.indrelid where c.relname in ('documents', 'transactions', 'webhook_deliveries', 'api_calls', 'extracted_fields') and not i.indisvalid`,
      ),
    ).toBe(0);
    // A document has at most one outbound transaction, unless it was fixed and resent (key send:<source>:r1).
    expect(
      await n(
        sql`select count(*) as n from (select document_id from transactions where document_id is not null group by 1 having count(*) > 1) x`,
      ),
    ).toBe(await n(sql`select count(*) as n from transactions where send_idempotency_key like 'send:%:r1'`));
    expect(
      await n(
        sql`select count(*) as n from transactions t where document_id is not null and not exists (select 1 from documents d where d.id = t.document_id)`,
      ),
    ).toBe(0);
    expect(
      await n(
        sql`select count(*) as n from timeline_events e where api_call_id is not null and not exists (select 1 from api_calls a where a.id = e.api_call_id)`,
      ),
    ).toBe(0);
    expect(
      await n(
        sql`select count(*) as n from timeline_events e where webhook_delivery_id is not null and not exists (select 1 from webhook_deliveries w where w.id = e.webhook_delivery_id)`,
      ),
    ).toBe(0);
    expect(await n(sql`select count(*) as n from api_calls where created_at > now()`)).toBe(0);
  });

  it('lets the rollups agree with the raw rows', async () => {
    const rollup = (metric: string) =>
      n(sql`select coalesce(sum(count), 0) as n from metric_rollups_all where metric = ${metric}`);
    expect(await rollup('api_call')).toBe(2_000);
    expect(await rollup('webhook')).toBe(1_000);
    expect(await rollup('txn_created')).toBe(1_000);
    expect(await rollup('webhook_duplicate')).toBe(
      await n(sql`select coalesce(sum(duplicate_count), 0) as n from webhook_deliveries`),
    );
    expect(await rollup('validation_error')).toBe(
      await n(
        sql`select coalesce(sum(jsonb_array_length(last_error_details)), 0) as n from transactions where status = 'failed' and last_error_category = 'validation'`,
      ),
    );
    // Loaded rows count once, in their final state (migration 0005's insert triggers).
    expect(await rollup('doc_state')).toBe(200);
    expect(await rollup('txn_status')).toBe(1_000);
    const latency = await rows<{ s: number; h: number }>(
      sql`select sum(sum) as s, sum((select sum(x) from unnest(hist) x)) as h from metric_rollups_all where metric = 'api_call'`,
    );
    expect(Number(latency[0]!.h)).toBe(2_000);
    expect(Number(latency[0]!.s)).toBeCloseTo((await n(sql`select sum(duration_ms) as n from api_calls`)) / 1000, 0);
  });

  it('refuses a second run unless forced, then adds the same volume without a clash', async () => {
    await expect(seedScale(t.db, t.pool, { scale: 0.001 })).rejects.toBeInstanceOf(ScaleRefused);
    const again = await seedScale(t.db, t.pool, { scale: 0.001, force: true });
    expect(again.run).toBe(2);
    expect(await n(sql`select count(*) as n from transactions`)).toBe(2_000);
    expect(await n(sql`select count(*) as n from api_calls`)).toBe(4_000);
    expect(await n(sql`select count(*) as n from vendors`)).toBe(42);
    const marker = await rows<{ v: { runs: { status: string }[] } }>(
      sql`select value as v from settings where key = 'scale_data'`,
    );
    expect(marker[0]!.v.runs.map((r) => r.status)).toEqual(['complete', 'complete']);
    // The sequence is past the loaded ids: the app's next insert does not collide.
    await t.db.execute(
      sql`insert into api_calls (provider, operation, method, path, duration_ms) values ('goroute', 'participants.lookup', 'GET', '/participants/lookup', 12)`,
    );
    expect(await n(sql`select count(*) as n from api_calls`)).toBe(4_001);
  }, 60_000);
});
