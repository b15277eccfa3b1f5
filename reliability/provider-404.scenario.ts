// A provider loses items it gave us: the sandbox forgets an exdata document still extracting and a GoRoute transaction
// still sending (control API), and the poll fallbacks then ask about them. Each 404 must be one finding on the item —
// the document's extraction fails, the send is dead-lettered (failures list, dead_letter alert) — asked once, and
// never polled again: no further job, no further call, one line on the timeline.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { queues } from '@/lib/jobs/queues';
import { eventually } from './lib/checks';
import { count } from './lib/database';
import { controlClient, request } from './lib/http';
import { openPipeline } from './lib/pipeline-steps';
import { sleep } from './lib/processes';
import { insertQueuedSends } from './lib/rows';
import type { Scenario } from './lib/types';

export default {
  name: 'provider-404',
  title: 'exdata and GoRoute lose a document and a transaction while the console polls for them',
  proves:
    'A provider 404 for an item we created ends polling with one visible finding: the document fails extraction (EXDATA_DOCUMENT_NOT_FOUND) and the send is dead-lettered (TRANSACTION_NOT_FOUND, dead_letter alert, failures list), each asked about once, with no job left to ask again.',
  fast: true,
  async run(ctx) {
    const failures: string[] = [];
    const stack = await ctx.stack();
    const dir = path.join(ctx.workDir, 'provider-404');
    mkdirSync(dir, { recursive: true });
    const control = controlClient(stack.sandboxControl);
    const p = await openPipeline(stack.databaseUrl);
    const cookie = await stack.cookie('support');
    const q = (sql: string, params: unknown[] = []) => count(p.pool, sql, params);
    // "stuck" keeps both in flight at the sandbox (10 min ÷ its speed), long enough to be forgotten mid-way.
    const tag = `stuck${Date.now().toString(36)}`;
    const pollJobs = (queue: string, key: string, id: string) =>
      q(
        `select count(*) as n from pgboss.job where name = $1 and state in ('created', 'retry', 'active') and data->>$2 = $3`,
        [queue, key, id],
      );
    // A poll already scheduled (the upload's own fallback, the send's tracking) is brought forward, not waited for.
    const dueNow = (queue: string, key: string, id: string) =>
      p.pool.query(
        `update pgboss.job set start_after = now() where name = $1 and state = 'created' and data->>$2 = $3`,
        [queue, key, id],
      );
    try {
      // exdata: a document extracting is forgotten, then polled.
      const [docId] = await p.receive([`INV-${tag}_clean.pdf`]);
      const exdataId = await waitFor(
        async () =>
          (
            await p.pool.query<{ id: string | null }>(
              `select exdata_document_id as id from documents where id = $1 and pipeline_state = 'extracting'`,
              [docId],
            )
          ).rows[0]?.id ?? null,
        30_000,
      );
      if (!exdataId) throw new Error(`the document did not reach extracting within 30 s`);
      await control(`/exdata/documents/${exdataId}`, undefined, 'DELETE');
      await p.runJob(queues.documentPoll, { documentId: docId });
      await dueNow(queues.documentPoll, 'documentId', docId!);
      await sleep(3_000);
      const [doc] = (
        await p.pool.query<{ state: string; code: string | null; request_id: string | null }>(
          `select pipeline_state::text as state, last_error_code as code, last_request_id as request_id from documents where id = $1`,
          [docId],
        )
      ).rows;
      if (doc?.state !== 'extraction_failed' || doc.code !== 'EXDATA_DOCUMENT_NOT_FOUND')
        failures.push(
          `the lost document is ${doc?.state} (${doc?.code ?? 'no code'}), expected extraction_failed with EXDATA_DOCUMENT_NOT_FOUND`,
        );
      if (!doc?.request_id) failures.push('the lost document keeps no request ID of the 404');
      const docGets = await q(
        `select count(*) as n from api_calls where document_id = $1 and operation = 'documents.get' and http_status = 404`,
        [docId],
      );
      if (docGets !== 1) failures.push(`exdata was asked ${docGets} times about the lost document (expected once)`);
      const docJobs = await pollJobs(queues.documentPoll, 'documentId', docId!);
      if (docJobs > 0) failures.push(`${docJobs} polls are still queued for the lost document`);
      const docFindings = await q(
        `select count(*) as n from timeline_events where document_id = $1 and to_state = 'extraction_failed'`,
        [docId],
      );
      if (docFindings !== 1) failures.push(`the lost document's timeline has ${docFindings} findings (expected one)`);

      // GoRoute: a send still sending is forgotten, then tracked.
      const [send] = await insertQueuedSends(p.pool, stack.databaseUrl, 1, tag);
      const gorouteId = await waitFor(
        async () =>
          (
            await p.pool.query<{ id: string | null }>(
              `select goroute_transaction_id as id from transactions where id = $1 and status in ('pending', 'processing', 'sending')`,
              [send!.id],
            )
          ).rows[0]?.id ?? null,
        30_000,
      );
      if (!gorouteId) throw new Error('GoRoute did not accept the send within 30 s');
      await control(`/goroute/transactions/${gorouteId}`, undefined, 'DELETE');
      await dueNow(queues.transactionTrack, 'transactionId', send!.id);
      const dead = await eventually(
        async () =>
          (await q(`select count(*) as n from transactions where id = $1 and dead_lettered_at is not null`, [
            send!.id,
          ])) === 1,
        30_000,
      );
      if (!dead) failures.push('the lost send was not dead-lettered within 30 s');
      await p.runJob(queues.transactionTrack, { transactionId: send!.id });
      const [txn] = (
        await p.pool.query<{ status: string; code: string | null; retryable: boolean | null }>(
          `select status::text, last_error_code as code, last_error_retryable as retryable from transactions where id = $1`,
          [send!.id],
        )
      ).rows;
      if (txn?.status !== 'failed' || txn.code !== 'TRANSACTION_NOT_FOUND' || txn.retryable !== false)
        failures.push(
          `the lost send is ${txn?.status} (${txn?.code ?? 'no code'}, retryable ${String(txn?.retryable)}), expected failed, TRANSACTION_NOT_FOUND, not retryable`,
        );
      const txnGets = await q(
        `select count(*) as n from api_calls where transaction_id = $1 and operation = 'transactions.get'`,
        [send!.id],
      );
      if (txnGets !== 1) failures.push(`GoRoute was asked ${txnGets} times about the lost send (expected once)`);
      const trackJobs = await pollJobs(queues.transactionTrack, 'transactionId', send!.id);
      if (trackJobs > 0) failures.push(`${trackJobs} tracking jobs are still queued for the lost send`);
      const docState = (
        await p.pool.query<{ s: string }>(`select pipeline_state::text as s from documents where id = $1`, [
          send!.documentId,
        ])
      ).rows[0]?.s;
      if (docState !== 'dead_letter') failures.push(`the lost send's document is ${docState}, expected dead_letter`);
      const alert = await q(
        `select count(*) as n from alerts where dedupe_key = 'dead_letter:not_found' and status <> 'resolved'`,
      );
      if (alert !== 1) failures.push('no open dead_letter alert for the lost send');
      // Failed extractions are listed newest first; failed sends oldest first, so the send is looked at on its
      // document's page.
      const failuresPage = await request(`${stack.baseUrl}/failures`, { headers: { cookie }, timeoutMs: 60_000 });
      writeFileSync(path.join(dir, 'failures.html'), failuresPage.text);
      if (failuresPage.status !== 200 || !failuresPage.text.includes('EXDATA_DOCUMENT_NOT_FOUND'))
        failures.push(`the failures page (HTTP ${failuresPage.status}) does not list the lost document`);
      for (const [id, code] of [
        [docId!, 'EXDATA_DOCUMENT_NOT_FOUND'],
        [send!.documentId, 'TRANSACTION_NOT_FOUND'],
      ] as const) {
        const page = await request(`${stack.baseUrl}/documents/${id}`, { headers: { cookie }, timeoutMs: 60_000 });
        writeFileSync(path.join(dir, `document-${code}.html`), page.text);
        if (page.status !== 200 || !page.text.includes(code))
          failures.push(`the page of the document with the lost item does not show ${code}`);
      }

      return {
        figures: [
          {
            label: 'lost exdata document',
            value: `${doc?.state ?? '?'} (${doc?.code ?? '—'}); asked ${docGets}×; ${docJobs} polls left`,
          },
          {
            label: 'lost GoRoute transaction',
            value: `${txn?.status ?? '?'} (${txn?.code ?? '—'}), document ${docState ?? '?'}; asked ${txnGets}×; ${trackJobs} tracking jobs left`,
          },
        ],
        failures,
      };
    } finally {
      await p.close();
    }
  },
} satisfies Scenario;

async function waitFor<T>(read: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => null);
    if (value !== null || Date.now() > deadline) return value;
    await sleep(300);
  }
}
