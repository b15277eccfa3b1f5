/**
 * `npx tsx bench/live-notify-cost.ts [postgres://server-url] [--only <words>]`: what the live console's change notifications
 * (db/migrations/0017_live_changes.sql) cost the statements that write, measured on a scratch database with the
 * triggers on and off (ALTER TABLE … DISABLE TRIGGER), alternating, median of 3 rounds each:
 * - 10,000 single-row INSERTs into documents, one statement and commit each (the worst case: a notification per row);
 * - 10,000 single-row UPDATEs of transactions (the worker's path: one send's status at a time);
 * - 1,000 group commits of 10 webhook deliveries through the receiver's own statement (storeAcceptedDeliveries);
 * - 20 worker transactions applying 50 deliveries each, as webhook processing does (per delivery: a timeline line,
 *   the send's status, the document's state and its timeline line; then the 50 outcomes in one statement): 101
 *   notifications a commit, each distinct (timeline lines notify nothing: see the migration);
 * - 8 connections × 1,250 single-row INSERTs at once: PostgreSQL serialises the commits of transactions that
 *   notified (a lock on the notification queue), so concurrency is where a per-statement notification could hurt.
 * Each with synchronous_commit on (what runs) and off (leaves the CPU cost: the trigger, not the disk).
 * With a listener connected that reads every notification, as a web process does. Without a URL it starts a
 * throwaway embedded PostgreSQL (as `npm start` runs), and removes it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDatabase } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { storeAcceptedDeliveries } from '@/db/queries/webhook-ingest';
import { createBoss, ensureQueues, queues } from '@/lib/jobs/queues';
import { LIVE_CHANNEL } from '@/lib/live/events';
import { startEmbeddedPostgres } from '@/scripts/lib/embedded-postgres';

const ROUNDS = 3;
const triggers: Record<string, string[]> = {
  documents: ['documents_live_insert', 'documents_live_update'],
  transactions: ['transactions_live_insert', 'transactions_live_update'],
  webhook_deliveries: ['webhook_deliveries_live_insert', 'webhook_deliveries_live_update'],
};

async function main() {
  let stopServer: (() => Promise<void>) | undefined;
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;
  let serverUrl = args[0];
  if (!serverUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'invoice-ops-notify-cost-'));
    const server = await startEmbeddedPostgres(dir);
    serverUrl = server.url;
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const name = `notify_cost_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const { db, pool } = createDatabase(url.toString(), 10);
  const listener = new pg.Client({ connectionString: url.toString() });
  try {
    await runMigrations(db);
    const boss = createBoss(url.toString(), { supervise: false, schedule: false, max: 2 });
    boss.on('error', () => {});
    await boss.start();
    await ensureQueues(boss);
    await boss.stop({ graceful: false, wait: true });
    const { rows: version } = await pool.query<{ server_version: string }>('show server_version');
    console.log(`PostgreSQL ${version[0]!.server_version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`);

    let heard = 0;
    await listener.connect();
    listener.on('notification', () => heard++);
    await listener.query(`listen ${LIVE_CHANNEL}`);

    const setTriggers = async (on: boolean) => {
      for (const [table, names] of Object.entries(triggers))
        for (const t of names) await pool.query(`alter table ${table} ${on ? 'enable' : 'disable'} trigger ${t}`);
    };
    let n = 0;
    const sessions = async (count: number, syncCommit: boolean) => {
      const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
      for (const c of clients) await c.query(`set synchronous_commit = ${syncCommit ? 'on' : 'off'}`);
      return clients;
    };

    const cases: { label: string; run: (syncCommit: boolean) => Promise<void> }[] = [
      {
        label: '10,000 single-row INSERTs into documents',
        run: async (sync) => {
          const [c] = await sessions(1, sync);
          try {
            for (let i = 0; i < 10_000; i++, n++)
              await c!.query({
                name: 'doc-insert',
                text: `insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size) values ($1, $1, 'f.pdf', 'pdf', 1)`,
                values: [`cost-${n}`],
              });
          } finally {
            c!.release();
          }
        },
      },
      {
        label: '10,000 single-row UPDATEs of transactions',
        run: async (sync) => {
          const { rows } = await pool.query<{ id: string }>(`select id from transactions order by id limit 10000`);
          const [c] = await sessions(1, sync);
          try {
            for (const r of rows)
              await c!.query({
                name: 'txn-update',
                text: `update transactions set attempts = attempts + 1, updated_at = now() where id = $1`,
                values: [r.id],
              });
          } finally {
            c!.release();
          }
        },
      },
      {
        label: '1,000 webhook group commits of 10 (the ingest statement)',
        run: async (sync) => {
          const [c] = await sessions(1, sync);
          try {
            for (let b = 0; b < 1_000; b++) {
              const rows = Array.from({ length: 10 }, () => ({
                provider: 'goroute' as const,
                deliveryId: `evt_cost_${n++}`,
                eventType: 'transaction.delivered',
                receivedAt: new Date(),
                headers: { 'x-goroute-event-id': 'x' },
                body: '{"event":"transaction.delivered","data":{}}',
                signatureResult: 'valid' as const,
                timestampSkewSeconds: null,
                processingResult: 'queued' as const,
                processingError: null,
              }));
              await storeAcceptedDeliveries(c!, rows, { queue: queues.webhookProcess });
            }
          } finally {
            c!.release();
          }
        },
      },
      {
        label: '20 worker transactions applying 50 deliveries each',
        run: async (sync) => {
          const { rows } = await pool.query<{ doc: string; txn: string; hook: string }>(
            `select d.id as doc, t.id as txn, w.id as hook from documents d
               join transactions t on t.document_id = d.id join webhook_deliveries w on w.transaction_id = t.id
              where d.source_id like 'batch-%' order by d.source_id`,
          );
          const [c] = await sessions(1, sync);
          try {
            for (let b = 0; b < rows.length; b += 50) {
              const batch = rows.slice(b, b + 50);
              await c!.query('begin');
              for (const r of batch) {
                await c!.query({
                  name: 'batch-timeline',
                  text: `insert into timeline_events (document_id, transaction_id, kind, title) values ($1, $2, 'webhook', 'GoRoute transaction.delivered')`,
                  values: [r.doc, r.txn],
                });
                await c!.query({
                  name: 'batch-txn',
                  text: `update transactions set status = 'delivered', status_changed_at = now(), updated_at = now() where id = $1`,
                  values: [r.txn],
                });
                await c!.query({
                  name: 'batch-doc',
                  text: `update documents set pipeline_state = 'delivered', state_changed_at = now(), updated_at = now() where id = $1`,
                  values: [r.doc],
                });
                await c!.query({
                  name: 'batch-doc-timeline',
                  text: `insert into timeline_events (document_id, kind, title, from_state, to_state) values ($1, 'transition', 'Delivered over Peppol', 'sending', 'delivered')`,
                  values: [r.doc],
                });
              }
              await c!.query(
                `update webhook_deliveries set processing_result = 'processed', processed_at = now() where id = any($1::uuid[])`,
                [batch.map((r) => r.hook)],
              );
              await c!.query('commit');
            }
          } finally {
            c!.release();
          }
        },
      },
      {
        label: '8 connections × 1,250 single-row INSERTs at once',
        run: async (sync) => {
          const clients = await sessions(8, sync);
          try {
            await Promise.all(
              clients.map(async (c) => {
                for (let i = 0; i < 1_250; i++)
                  await c.query({
                    name: 'doc-insert',
                    text: `insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size) values ($1, $1, 'f.pdf', 'pdf', 1)`,
                    values: [`cost-${n++}`],
                  });
              }),
            );
          } finally {
            for (const c of clients) c.release();
          }
        },
      },
    ];

    // Rows for the UPDATE case, and 1,000 documents with a send and a delivery each for the worker's batches.
    await pool.query(
      `insert into transactions (direction, send_idempotency_key) select 'outbound', 'cost-' || i from generate_series(1, 10000) i`,
    );
    await pool.query(`
      with d as (
        insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size, pipeline_state)
        select 'batch-' || lpad(i::text, 4, '0'), 'batch-' || i, 'f.pdf', 'pdf', 1, 'sending' from generate_series(1, 1000) i
        returning id, source_id
      ), t as (
        insert into transactions (direction, status, document_id, send_idempotency_key)
        select 'outbound', 'sending', id, 'batch-' || source_id from d returning id
      )
      insert into webhook_deliveries (provider, delivery_id, headers, signature_result, transaction_id)
      select 'goroute', 'evt-batch-' || id, '{}', 'valid', id from t`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const sync of [true, false]) {
      for (const c of cases.filter((x) => !only || x.label.includes(only))) {
        const times: Record<'on' | 'off', number[]> = { on: [], off: [] };
        let notes = 0;
        for (let round = 0; round < ROUNDS; round++) {
          for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
            await setTriggers(mode === 'on');
            await pool.query('checkpoint');
            const before = heard;
            const t0 = performance.now();
            await c.run(sync);
            times[mode].push(performance.now() - t0);
            // Let the listener read what was sent before the next round.
            await new Promise((r) => setTimeout(r, 300));
            if (mode === 'on') notes = heard - before;
          }
        }
        const on = median(times.on);
        const off = median(times.off);
        const line = `${c.label.padEnd(58)} synchronous_commit=${sync ? 'on ' : 'off'}  without ${off.toFixed(0).padStart(6)} ms  with ${on.toFixed(0).padStart(6)} ms  ${(((on - off) / off) * 100).toFixed(1).padStart(5)} %  ${notes} notifications heard`;
        console.log(line);
      }
    }
    await setTriggers(true);
  } finally {
    await listener.end().catch(() => {});
    await pool.end();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await stopServer?.();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
