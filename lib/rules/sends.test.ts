import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { documents, transactions, type ErrorCategory, type PipelineState } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/credentials';
import { countBulkRetry } from '@/lib/operations/bulk-retry';
import { retryTransaction } from '@/lib/operations/retry';
import { decodeCursor } from '@/lib/pagination';
import { demoSessionUsers, freshDatabaseWithQueue, testServers, useAsProcessDatabase } from '@/test/databases';
import {
  automationRetries,
  automationRetriesSql,
  bulkRetryable,
  bulkRetryableSql,
  isSendable,
  personMayRetry,
  personMayRetrySql,
  retryCannotFix,
  retryCannotFixSql,
  sendableSql,
  type SendContext,
  type SendFacts,
} from './sends';

type Row = SendFacts & { id: string; documentId: string | null; createdAt: Date };

const categories: (ErrorCategory | null)[] = ['server', 'rate_limit', 'auth', 'not_found', 'validation', null];
// No document (a send whose document left the console), its own document, a blocked one, or replaced by a fix and
// resend.
const settings = ['no document', 'document', 'blocked', 'superseded', 'blocked and superseded'] as const;

describe.each(testServers())('the send rules on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabaseWithQueue>>;
  let restoreDb: (() => void) | undefined;
  let support: SessionUser;
  const rows: Row[] = [];
  const docState = new Map<string, PipelineState>();

  beforeAll(async () => {
    t = await freshDatabaseWithQueue(url);
    support = (await demoSessionUsers(t.db)).support;
    // The Failures list reads the process database; point it at this one.
    restoreDb = useAsProcessDatabase(t);
    const base = Date.parse('2026-11-20T10:00:00Z');
    let n = 0;
    for (const status of ['queued', 'failed'] as const)
      for (const category of categories)
        for (const retryable of [true, false])
          for (const dead of [false, true])
            for (const accepted of [false, true])
              for (const setting of settings) {
                n++;
                let documentId: string | null = null;
                if (setting !== 'no document') {
                  const state: PipelineState = setting.startsWith('blocked')
                    ? 'blocked'
                    : dead
                      ? 'dead_letter'
                      : 'send_failed';
                  const [doc] = await t.db
                    .insert(documents)
                    .values({
                      sourceId: `SRC-RULES-${n}`,
                      uploadIdempotencyKey: `upload:rules:${n}`,
                      filename: 'r.pdf',
                      fileFormat: 'pdf',
                      fileSize: 1,
                      pipelineState: state,
                    })
                    .returning({ id: documents.id });
                  documentId = doc!.id;
                  docState.set(documentId, state);
                }
                const createdAt = new Date(base + n * 1_000);
                const [row] = await t.db
                  .insert(transactions)
                  .values({
                    direction: 'outbound',
                    documentId,
                    status,
                    createdAt,
                    statusChangedAt: createdAt,
                    sendIdempotencyKey: `send:rules-${n}`,
                    gorouteTransactionId: accepted ? `gr-rules-${n}` : null,
                    lastErrorCategory: category,
                    lastErrorRetryable: retryable,
                    deadLetteredAt: dead ? createdAt : null,
                    lastErrorCode: category ? `CODE_${category}` : null,
                  })
                  .returning();
                rows.push(row!);
                if (setting.endsWith('superseded')) {
                  // The corrected send a fix and resend queued, a minute later.
                  const newer = new Date(createdAt.getTime() + 60_000);
                  const [resent] = await t.db
                    .insert(transactions)
                    .values({
                      direction: 'outbound',
                      documentId,
                      status: 'queued',
                      createdAt: newer,
                      statusChangedAt: newer,
                      sendIdempotencyKey: `send:rules-${n}:r1`,
                    })
                    .returning();
                  rows.push(resent!);
                }
              }
    // A failed send we never built (no key) is nobody's to retry.
    const [keyless] = await t.db
      .insert(transactions)
      .values({ direction: 'outbound', status: 'failed', lastErrorCategory: 'server', lastErrorRetryable: true })
      .returning();
    rows.push(keyless!);
  }, 120_000);
  afterAll(async () => {
    restoreDb?.();
    await t?.drop();
  });

  const contextOf = (r: Row): SendContext => ({
    documentBlocked: r.documentId !== null && docState.get(r.documentId) === 'blocked',
    superseded: rows.some((o) => o.documentId !== null && o.documentId === r.documentId && o.createdAt > r.createdAt),
  });
  async function sqlVerdicts(condition: SQL) {
    const result = await t.db
      .select({ id: transactions.id, v: sql<boolean | null>`(${condition})` })
      .from(transactions);
    return new Map(result.map((r) => [r.id, r.v === true]));
  }

  it('says the same in TypeScript and in SQL, row by row', async () => {
    const rules: [string, SQL, (r: Row, c: SendContext) => boolean][] = [
      ['automation retries it', automationRetriesSql, automationRetries],
      ['the worker may send it', sendableSql, isSendable],
      ['a person may retry it', personMayRetrySql, personMayRetry],
      ['a bulk retry takes it', bulkRetryableSql, bulkRetryable],
      ['a retry cannot fix it', retryCannotFixSql, (r) => retryCannotFix(r)],
    ];
    for (const [name, condition, predicate] of rules) {
      const verdicts = await sqlVerdicts(condition);
      const disagree = rows.filter((r) => verdicts.get(r.id) !== predicate(r, contextOf(r)));
      expect(
        disagree.map((r) => ({ rule: name, ...r, ...contextOf(r) })),
        name,
      ).toEqual([]);
      // Each rule holds for some rows and not for others: the matrix exercises it.
      expect(new Set(verdicts.values()), name).toEqual(new Set([true, false]));
    }
  });

  it('the bulk-retry preview, the "retryable" list and a single retry agree', async () => {
    const expected = rows.filter((r) => bulkRetryable(r, contextOf(r))).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(await countBulkRetry(t.db)).toBe(expected.length);
    for (const c of categories.filter((x) => x !== null))
      expect(await countBulkRetry(t.db, c), c).toBe(
        rows.filter((r) => r.lastErrorCategory === c && bulkRetryable(r, contextOf(r))).length,
      );

    const { listFailedSends } = await import('@/db/queries/failures');
    const listed: { id: string; retryable: boolean }[] = [];
    for (let after: string | null = null, pages = 0; pages < 50; pages++) {
      const page: Awaited<ReturnType<typeof listFailedSends>> = await listFailedSends(
        { kind: 'retryable' },
        decodeCursor(after ?? undefined),
      );
      listed.push(...page.items);
      after = page.next;
      if (!after) break;
    }
    expect(listed.map((r) => r.id).sort()).toEqual([...expected].sort());
    expect(listed.every((r) => r.retryable)).toBe(true);

    // One at a time, as a person would: every failed send is tried; exactly the ones the rule allows go.
    const failed = rows.filter((r) => r.status === 'failed');
    const outcomes = new Map<string, boolean>();
    for (const r of failed)
      outcomes.set(r.id, (await retryTransaction({ pool: t.pool, boss: t.boss }, support, r.id)).ok);
    const allowed = failed.filter((r) => personMayRetry(r, contextOf(r)));
    expect(
      failed
        .filter((r) => outcomes.get(r.id))
        .map((r) => r.id)
        .sort(),
    ).toEqual(allowed.map((r) => r.id).sort());
    // The bulk set is the allowed sends that are not dead letters; the dead letters a person may retry are the
    // causes outside the invoice (auth, not_found) and transient failures that outlasted their schedule.
    expect(
      allowed
        .filter((r) => r.deadLetteredAt === null)
        .map((r) => r.id)
        .sort(),
    ).toEqual([...expected].sort());
    expect(new Set(allowed.filter((r) => r.deadLetteredAt !== null).map((r) => r.lastErrorCategory))).toEqual(
      new Set(['server', 'rate_limit', 'auth', 'not_found']),
    );
    // Refused: blocked documents, replaced sends, sends GoRoute accepted, failures in the invoice.
    for (const r of failed.filter((x) => outcomes.get(x.id))) {
      expect(contextOf(r)).toEqual({ documentBlocked: false, superseded: false });
      expect(r.gorouteTransactionId).toBeNull();
      expect(['server', 'rate_limit', 'auth', 'not_found']).toContain(r.lastErrorCategory);
    }
    // Retried, they are no longer failed, so nothing is left for a bulk retry.
    expect(await countBulkRetry(t.db)).toBe(0);
  }, 120_000);
});
