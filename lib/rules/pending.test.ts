// "What counts as pending" on real PostgreSQL: every state just inside and just past its window, the SQL (view,
// gauge, alert measure) against the one-row predicate, and the partial indexes the planner must be able to use.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { documents, settings, transactions } from '@/db/schema';
import type { PipelineState, TransactionStatus } from '@/db/schema/enums';
import { countPendingTooLong, listPendingTooLong } from '@/db/queries/pending';
import { measure } from '@/lib/alerts/evaluate';
import { decideAlerts } from '@/lib/alerts/rules';
import { AlertThresholds } from '@/lib/alerts/thresholds';
import { freshDatabase, testServers } from '@/test/databases';
import { documentPastWindow, documentsPastWindow, sendPastWindow, sendsPastWindow } from './pending';
import { PendingWindows } from '@/lib/rules/pending-windows';

const now = new Date();
const w = PendingWindows.parse({});
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
// Just past a window, and just inside it.
const past = (minutes: number) => minutesAgo(minutes + 1);
const inside = (minutes: number) => minutesAgo(minutes - 1);

describe.each(testServers())('what counts as pending on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  /** name → id of every row, and the names expected past their window. */
  const ids = new Map<string, string>();
  const name = (id: string) => [...ids].find(([, v]) => v === id)?.[0] ?? id;

  async function doc(label: string, state: PipelineState, at: Date) {
    const n = randomUUID().slice(0, 8);
    const [row] = await t.db
      .insert(documents)
      .values({
        sourceId: `SRC-P-${n}`,
        uploadIdempotencyKey: `upload:p:${n}`,
        filename: `${label}.pdf`,
        fileFormat: 'pdf',
        fileSize: 1,
        pipelineState: state,
        stateChangedAt: at,
      })
      .returning();
    ids.set(label, row!.id);
    return row!.id;
  }
  async function send(
    label: string,
    status: TransactionStatus,
    at: Date,
    more: Partial<typeof transactions.$inferInsert> = {},
  ) {
    const [row] = await t.db
      .insert(transactions)
      .values({ direction: 'outbound', status, statusChangedAt: at, ...more })
      .returning();
    ids.set(label, row!.id);
    return row!.id;
  }

  beforeAll(async () => {
    t = await freshDatabase(url);
    // Documents: every waiting state just past and just inside its window; people's states never count.
    await doc('received past', 'received', past(w.received_minutes));
    await doc('received inside', 'received', inside(w.received_minutes));
    await doc('uploading past', 'uploading', past(w.uploading_minutes));
    await doc('uploading inside', 'uploading', inside(w.uploading_minutes));
    await doc('extracting past', 'extracting', past(w.exdata_pending_minutes));
    await doc('extracting inside', 'extracting', inside(w.exdata_pending_minutes));
    await doc('review past', 'in_review', past(w.review_minutes));
    await doc('review inside', 'in_review', inside(w.review_minutes));
    await doc('approved unsent past', 'approved', past(w.approved_minutes));
    await doc('approved unsent inside', 'approved', inside(w.approved_minutes));
    const queuedFor = await doc('approved with queued send', 'approved', past(w.approved_minutes));
    await doc('sending without a send past', 'sending', past(w.goroute_sending_minutes));
    await doc('send_failed without a retry past', 'send_failed', past(w.send_retry_minutes));
    const retrying = await doc('send_failed with a retry scheduled', 'send_failed', past(w.send_retry_minutes));
    for (const state of ['blocked', 'dead_letter', 'extraction_failed', 'delivered'] as const)
      await doc(`${state} long ago`, state, minutesAgo(100_000));

    // Sends: each rule just past and just inside; finished, dead-lettered and held ones never count.
    await send('queued past', 'queued', past(w.queued_minutes), { documentId: queuedFor });
    await send('queued inside', 'queued', inside(w.queued_minutes));
    await send('queued long ago but due later', 'queued', minutesAgo(500), {
      nextAttemptAt: new Date(now.getTime() + 60_000),
    });
    await send('queued due long ago', 'queued', minutesAgo(500), { nextAttemptAt: past(w.queued_minutes) });
    for (const [status, window] of [
      ['pending', w.goroute_pending_minutes],
      ['processing', w.goroute_processing_minutes],
      ['sending', w.goroute_sending_minutes],
    ] as const) {
      await send(`${status} past`, status, past(window));
      await send(`${status} inside`, status, inside(window));
    }
    const failed = { lastErrorRetryable: true, lastErrorCategory: 'server' as const };
    await send('retry overdue', 'failed', minutesAgo(500), {
      ...failed,
      nextAttemptAt: past(w.send_retry_minutes),
      documentId: retrying,
    });
    await send('retry due soon', 'failed', minutesAgo(500), { ...failed, nextAttemptAt: inside(w.send_retry_minutes) });
    await send('retry held while blocked', 'failed', minutesAgo(500), { ...failed, nextAttemptAt: null });
    await send('dead-lettered', 'failed', minutesAgo(500), {
      ...failed,
      lastErrorRetryable: false,
      deadLetteredAt: minutesAgo(400),
      nextAttemptAt: minutesAgo(450),
    });
    await send('delivered long ago', 'delivered', minutesAgo(100_000));
  });
  afterAll(() => t?.drop());

  const expected = {
    exdata: ['received past', 'uploading past', 'extracting past'],
    goroute: {
      documents: ['approved unsent past', 'sending without a send past', 'send_failed without a retry past'],
      sends: ['queued past', 'queued due long ago', 'pending past', 'processing past', 'sending past', 'retry overdue'],
    },
    review: ['review past'],
  };
  const sorted = (names: string[]) => [...names].sort();

  it('lists exactly the items past their window, each with its state, since when and which window', async () => {
    const list = await listPendingTooLong(200, t.db, now);
    expect(sorted(list.exdata.map((d) => name(d.id)))).toEqual(sorted(expected.exdata));
    expect(sorted(list.goroute.unsent.map((d) => name(d.id)))).toEqual(sorted(expected.goroute.documents));
    expect(sorted(list.goroute.sends.map((s) => name(s.id)))).toEqual(sorted(expected.goroute.sends));
    expect(sorted(list.review.map((d) => name(d.id)))).toEqual(sorted(expected.review));

    const received = list.exdata.find((d) => name(d.id) === 'received past')!;
    expect(received).toMatchObject({
      state: 'received',
      since: past(w.received_minutes),
      verdict: { rule: 'received', window: 'received_minutes', minutes: 10 },
      heldByCredits: false,
    });
    const due = list.goroute.sends.find((s) => name(s.id) === 'queued due long ago')!;
    // A queued send waits from when it fell due, not from when it was queued.
    expect(due).toMatchObject({
      status: 'queued',
      since: past(w.queued_minutes),
      verdict: { rule: 'queued', window: 'queued_minutes' },
    });
    expect(list.goroute.sends.find((s) => name(s.id) === 'retry overdue')).toMatchObject({
      status: 'failed',
      verdict: { rule: 'retry_due', window: 'send_retry_minutes' },
    });
    // Oldest first.
    expect(list.review.map((d) => d.since.getTime())).toEqual(
      [...list.review.map((d) => d.since.getTime())].sort((a, b) => a - b),
    );
  });

  it('agrees with the one-row predicate for every row, in and out of the lists', async () => {
    const list = await listPendingTooLong(200, t.db, now);
    const listed = new Set(
      [...list.exdata, ...list.goroute.unsent, ...list.goroute.sends, ...list.review].map((x) => x.id),
    );
    const allSends = await t.db.select().from(transactions);
    for (const d of await t.db.select().from(documents)) {
      const verdict = documentPastWindow(
        d,
        allSends.filter((s) => s.documentId === d.id),
        w,
        now,
      );
      expect({ doc: name(d.id), pending: verdict !== null }).toEqual({ doc: name(d.id), pending: listed.has(d.id) });
    }
    for (const s of allSends) {
      expect({ send: name(s.id), pending: sendPastWindow(s, w, now) !== null }).toEqual({
        send: name(s.id),
        pending: listed.has(s.id),
      });
    }
  });

  it('counts the same items for the gauge and the alert as the view lists', async () => {
    const counts = await countPendingTooLong(t.db, now);
    expect(counts).toEqual({ exdata: 3, goroute: 9, review: 1 });
    const m = await measure(t.db, w, AlertThresholds.parse({}), now);
    expect(m.pendingTooLong.exdata.count).toBe(counts.exdata);
    expect(m.pendingTooLong.goroute.count).toBe(counts.goroute);
    expect(m.pendingTooLong.review.count).toBe(counts.review);
    expect(sorted(m.pendingTooLong.goroute.documents!.map(name))).toEqual(sorted(expected.goroute.documents));
    const keys = decideAlerts(m, AlertThresholds.parse({}), w)
      .filter((f) => f.rule === 'pending_too_long')
      .map((f) => f.dedupeKey);
    expect(keys).toEqual(['pending_too_long:exdata', 'pending_too_long:goroute', 'pending_too_long:review']);
  });

  it('follows the windows an admin sets', async () => {
    await t.db
      .insert(settings)
      .values({ key: 'pending_windows', value: { ...w, received_minutes: 30, review_minutes: 5 } });
    try {
      const list = await listPendingTooLong(200, t.db, now);
      expect(list.exdata.map((d) => name(d.id))).not.toContain('received past');
      expect(sorted(list.review.map((d) => name(d.id)))).toEqual(['review inside', 'review past']);
    } finally {
      await t.db.delete(settings).where(eq(settings.key, 'pending_windows'));
    }
  });

  it('is answerable from indexes, never a scan of the whole table', async () => {
    const plan = async (query: { toSQL: () => { sql: string; params: unknown[] } }) => {
      const { sql: text, params } = query.toSQL();
      const client = await t.pool.connect();
      try {
        await client.query('begin');
        // A handful of rows would be read sequentially anyway: forbid that to see which index the planner can use.
        await client.query('set local enable_seqscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain ${text}`, params);
        await client.query('rollback');
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        client.release();
      }
    };
    const docs = await plan(t.db.select({ id: documents.id }).from(documents).where(documentsPastWindow(w, now)));
    expect(docs).toContain('documents_waiting_idx');
    expect(docs).not.toMatch(/Seq Scan on documents/);
    const sends = await plan(t.db.select({ id: transactions.id }).from(transactions).where(sendsPastWindow(w, now)));
    // Which index serves pending/processing/sending or a retry is the planner's choice among several on a table this
    // small; the queued rule has only the one on its own expression.
    expect(sends).toContain('transactions_queued_due_idx');
    expect(sends).not.toMatch(/Seq Scan on transactions/);
  });
});
