// exdata runs out of credits while supplier PDFs keep arriving: the sandbox's credits go to 0, documents are fed
// before, during and after the pause, credits come back, a person resumes uploads (the real server action). Every
// document must go on — none left `received` — each held one said so once, was visible while held, and the credits
// alert must be open at every step until uploads are resumed and nothing is held, then resolve.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { queues } from '@/lib/jobs/queues';
import { eventually } from './lib/checks';
import { count } from './lib/database';
import { controlClient, request } from './lib/http';
import { callAction, openPipeline } from './lib/pipeline-steps';
import { sleep } from './lib/processes';
import type { Scenario } from './lib/types';

const RESUME = 'app/(console)/documents/actions.ts#resumeUploadsAction';

export default {
  name: 'credits-outage',
  title: 'exdata credits run out with intake running, come back, and uploads are resumed',
  proves:
    'A credits outage holds documents visibly instead of losing them: each held document says so once on its timeline, shows on its page and in the pending view, the credits alert stays open until uploads are resumed and nothing is held, and resuming sends every held and credit-blocked document on (none stays received).',
  fast: true,
  async run(ctx) {
    const failures: string[] = [];
    const n = ctx.fast ? 3 : 8;
    const stack = await ctx.stack();
    const dir = path.join(ctx.workDir, 'credits-outage');
    mkdirSync(dir, { recursive: true });
    const control = controlClient(stack.sandboxControl);
    const p = await openPipeline(stack.databaseUrl);
    const cookie = await stack.cookie('support');
    const tag = Date.now().toString(36);
    const names = (batch: string) => Array.from({ length: n }, (_, i) => `INV-credits-${tag}-${batch}${i}_clean.pdf`);
    const q = (sql: string, params: unknown[] = []) => count(p.pool, sql, params);
    const { credits: initialCredits } = (await control('/credits')) as { credits: number };
    const [windowsBefore] = (
      await p.pool.query<{ value: unknown }>(`select value from settings where key = 'pending_windows'`)
    ).rows;
    const steps: string[] = [];
    const alertOpen = () =>
      q(`select count(*) as n from alerts where rule = 'insufficient_credits' and status <> 'resolved'`).then(
        (c) => c > 0,
      );
    const expectAlert = async (step: string, open: boolean) => {
      if (!(await p.runJob(queues.alertsEvaluate, {})))
        failures.push(`${step}: the alerts evaluation did not complete`);
      const isOpen = await alertOpen();
      steps.push(`${step}: alert ${isOpen ? 'open' : 'resolved'}`);
      if (isOpen !== open)
        failures.push(
          `${step}: the credits alert is ${isOpen ? 'open' : 'resolved'}, expected ${open ? 'open' : 'resolved'}`,
        );
    };
    const stateCounts = async (ids: string[]) =>
      (
        await p.pool.query<{ s: string; n: string }>(
          `select pipeline_state::text as s, count(*) as n from documents where id = any($1::uuid[]) group by 1 order by 1`,
          [ids],
        )
      ).rows
        .map((r) => `${r.s} ${r.n}`)
        .join(', ');
    const heldNotes = (ids: string[]) =>
      p.pool.query<{ id: string; n: string }>(
        `select d.id, (select count(*) from timeline_events e where e.document_id = d.id and e.title like 'Held:%') as n from documents d where d.id = any($1::uuid[])`,
        [ids],
      );
    try {
      // 1. Credits run out; the first documents meet the 402 (blocked) or the pause it set (held).
      await control('/credits', { credits: 0 });
      const before = await p.receive(names('a'));
      const paused = await eventually(
        async () =>
          (await q(
            `select count(*) as n from settings where key = 'exdata_credits' and (value->>'exhausted')::boolean`,
          )) === 1,
        30_000,
      );
      if (!paused) failures.push('no 402 paused uploads within 30 s');
      const settled = (ids: string[]) =>
        eventually(
          async () =>
            (await q(
              `select count(*) as n from documents where id = any($1::uuid[]) and pipeline_state not in ('received', 'uploading', 'blocked')`,
              [ids],
            )) === 0 && (await heldOrBlocked(ids)) === ids.length,
          30_000,
        );
      const heldOrBlocked = async (ids: string[]) => {
        const rows = (await heldNotes(ids)).rows;
        const blocked = await q(
          `select count(*) as n from documents where id = any($1::uuid[]) and pipeline_state = 'blocked' and last_error_code = 'insufficient_credits'`,
          [ids],
        );
        return blocked + rows.filter((r) => Number(r.n) > 0).length;
      };
      if (!(await settled(before)))
        failures.push(
          `the first documents were neither blocked for credits nor held within 30 s: ${await stateCounts(before)}`,
        );
      if (!(await alertOpen())) failures.push('a 402 raised no credits alert');
      const blockedAtFirst = await q(
        `select count(*) as n from documents where id = any($1::uuid[]) and pipeline_state = 'blocked'`,
        [before],
      );
      steps.push(`402: ${await stateCounts(before)}`);

      // 2. Intake goes on during the pause: each new document is held, says so once, and leaves no job behind.
      const during = await p.receive(names('b'));
      if (!(await eventually(async () => (await heldNotes(during)).rows.every((r) => Number(r.n) > 0), 30_000)))
        failures.push('documents received during the pause were not all noted as held within 30 s');
      // Further jobs finding them (the sweep, a retry) must not note them again.
      for (const id of during.slice(0, 1)) await p.runJob(queues.documentUpload, { documentId: id });
      const notes = (await heldNotes(during)).rows.map((r) => Number(r.n));
      if (notes.some((c) => c !== 1)) failures.push(`held notes per document: ${notes.join(', ')} (expected one each)`);
      const uploadsDuring = await q(
        `select count(*) as n from api_calls where document_id = any($1::uuid[]) and operation = 'documents.upload'`,
        [during],
      );
      if (uploadsDuring > 0)
        failures.push(`${uploadsDuring} uploads were tried for documents received during the pause`);
      const jobsLeft = await q(
        `select count(*) as n from pgboss.job where name = 'document-upload' and state in ('created', 'retry') and data->>'documentId' = any($1::text[])`,
        [during],
      );
      if (jobsLeft > 0)
        failures.push(`${jobsLeft} upload jobs left queued for held documents (resuming is what moves them)`);
      await expectAlert('paused', true);

      // 3. Visible while held: past a tiny window they are in the pending view, marked held; the page says held.
      await p.pool.query(
        `insert into settings (key, value) values ('pending_windows', $1::jsonb) on conflict (key) do update set value = settings.value || $1::jsonb`,
        [JSON.stringify({ received_minutes: 0.05 })],
      );
      await sleep(4_000);
      const pending = await request(`${stack.baseUrl}/documents?view=pending`, {
        headers: { cookie },
        timeoutMs: 60_000,
      });
      writeFileSync(path.join(dir, 'pending-view.html'), pending.text);
      const sources = (
        await p.pool.query<{ source_id: string }>(`select source_id from documents where id = any($1::uuid[])`, [
          during,
        ])
      ).rows.map((r) => r.source_id);
      const missing = sources.filter((s) => !pending.text.includes(s));
      if (pending.status !== 200 || missing.length > 0)
        failures.push(`pending view (HTTP ${pending.status}) does not list held documents ${missing.join(', ')}`);
      if (!pending.text.includes('held: uploads paused'))
        failures.push('the pending view does not mark held documents as held');
      const page = await request(`${stack.baseUrl}/documents/${during[0]}`, { headers: { cookie }, timeoutMs: 60_000 });
      writeFileSync(path.join(dir, 'held-document.html'), page.text);
      if (!page.text.includes('Held: exdata credits exhausted'))
        failures.push('the document page of a held document does not say it is held');

      // 4. Credits come back at exdata, and more documents arrive: nothing moves until a person resumes uploads.
      await control('/credits', { credits: Math.max(initialCredits, 1000) });
      const after = await p.receive(names('c'));
      await eventually(async () => (await heldNotes(after)).rows.every((r) => Number(r.n) > 0), 30_000);
      await expectAlert('credits back, not resumed', true);
      const all = [...before, ...during, ...after];
      const stillWaiting = await q(
        `select count(*) as n from documents where id = any($1::uuid[]) and pipeline_state in ('received', 'uploading', 'blocked')`,
        [all],
      );
      if (stillWaiting !== all.length)
        failures.push(`before resuming, ${all.length - stillWaiting} documents moved on by themselves`);

      // 5. Support resumes uploads (the server action, as the browser calls it): everything held goes on.
      const [pause] = (
        await p.pool.query<{ since: string | null }>(
          `select value->>'since' as since from settings where key = 'exdata_credits'`,
        )
      ).rows;
      const resumed = await callAction(ctx.root, stack.baseUrl, cookie, RESUME, [
        { pausedSince: pause?.since ? new Date(pause.since).toISOString() : null },
      ]);
      writeFileSync(path.join(dir, 'resume-answer.txt'), resumed?.text ?? '(no action result)');
      if (!resumed?.ok) failures.push(`Resume uploads answered ${resumed ? (resumed.error ?? 'not ok') : 'nothing'}`);
      const moved = await eventually(
        async () =>
          (await q(
            `select count(*) as n from documents where id = any($1::uuid[]) and pipeline_state in ('received', 'uploading', 'blocked')`,
            [all],
          )) === 0,
        ctx.fast ? 60_000 : 120_000,
        1_000,
      );
      if (!moved) failures.push(`not every document went on within the time after resuming: ${await stateCounts(all)}`);
      const newKeys = await q(`select count(*) as n from documents where id = any($1::uuid[]) and upload_attempt = 2`, [
        before,
      ]);
      if (newKeys !== blockedAtFirst)
        failures.push(
          `${newKeys} of ${blockedAtFirst} documents blocked for credits were uploaded again with a new key`,
        );
      await expectAlert('resumed, nothing held', false);

      return {
        figures: [
          {
            label: 'documents',
            value: `${n} before the pause, ${n} during it, ${n} after credits came back (${all.length} in all)`,
          },
          { label: 'after the 402', value: steps[0]!.replace(/^402: /, '') },
          { label: 'credits alert at each step', value: steps.slice(1).join(' · ') },
          { label: 'after resuming', value: `${await stateCounts(all)}; ${newKeys} uploaded again with a new key` },
        ],
        failures,
      };
    } finally {
      await control('/credits', { credits: initialCredits }).catch(() => {});
      // Other scenarios share this stack: a run cut short must not leave uploads paused for them.
      await p.pool
        .query(`update settings set value = value || '{"exhausted": false}'::jsonb where key = 'exdata_credits'`)
        .catch(() => {});
      if (windowsBefore)
        await p.pool
          .query(`update settings set value = $1::jsonb where key = 'pending_windows'`, [
            JSON.stringify(windowsBefore.value),
          ])
          .catch(() => {});
      else await p.pool.query(`delete from settings where key = 'pending_windows'`).catch(() => {});
      await p.close();
    }
  },
} satisfies Scenario;
