// The database's change notifications (db/migrations/0017_live_changes.sql): one per statement that changed rows a
// page shows, naming the topic and the rows (and the document / send they belong to), "all" past 50 rows.
import { Client, type Notification } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_CHANNEL } from '@/lib/live/events';
import { freshDatabase, testServers } from './databases';

const DOC = '00000000-0000-4000-8000-00000000d0c1';
const DOC2 = '00000000-0000-4000-8000-00000000d0c2';
const TXN = '00000000-0000-4000-8000-0000000007a1';

describe.each(testServers())('change notifications on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let listener: Client;
  let writer: Client;
  const heard: Notification[] = [];

  beforeAll(async () => {
    t = await freshDatabase(url);
    listener = new Client({ connectionString: t.url });
    writer = new Client({ connectionString: t.url });
    await Promise.all([listener.connect(), writer.connect()]);
    listener.on('notification', (n) => heard.push(n));
    await listener.query(`listen ${LIVE_CHANNEL}`);
  });
  afterAll(async () => {
    await listener?.end();
    await writer?.end();
    await t?.drop();
  });

  /** What `work` made the database say, once every notification of its commit has arrived. */
  async function notified(work: () => Promise<unknown>) {
    heard.length = 0;
    await work();
    // A marker after the work: notifications arrive in commit order, so once it is here everything before it is.
    await writer.query(`select pg_notify('${LIVE_CHANNEL}', 'end')`);
    for (let i = 0; i < 200 && !heard.some((n) => n.payload === 'end'); i++)
      await new Promise((r) => setTimeout(r, 10));
    return heard
      .filter((n) => n.channel === LIVE_CHANNEL && n.payload !== 'end')
      .map((n) => JSON.parse(n.payload!) as Record<string, unknown>);
  }

  const insertDocuments = (from: number, to: number) =>
    writer.query(
      `insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size)
       select 'live-' || i, 'live-up-' || i, 'f.pdf', 'pdf', 1 from generate_series($1::int, $2::int) i`,
      [from, to],
    );

  it('says once per statement which documents changed, and nothing for a statement that changed none', async () => {
    const inserted = await notified(() =>
      writer.query(
        `insert into documents (id, source_id, upload_idempotency_key, filename, file_format, file_size)
         values ($1, 's1', 'k1', 'a.pdf', 'pdf', 1), ($2, 's2', 'k2', 'b.pdf', 'pdf', 1)`,
        [DOC, DOC2],
      ),
    );
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toEqual({ topic: 'documents', ids: expect.arrayContaining([DOC, DOC2]) });
    expect(inserted[0]!.ids).toHaveLength(2);

    const updated = await notified(() =>
      writer.query(`update documents set pipeline_state = 'uploading' where id = $1`, [DOC]),
    );
    expect(updated).toEqual([{ topic: 'documents', ids: [DOC] }]);

    // A conditional update that lost (the row was not in that state) changed nothing, and says nothing.
    const lost = await notified(() =>
      writer.query(`update documents set pipeline_state = 'approved' where id = $1 and pipeline_state = 'received'`, [
        DOC,
      ]),
    );
    expect(lost).toEqual([]);
  });

  it('names the document of a send, and of a delivery, so its page hears about them; timeline lines say nothing', async () => {
    const send = await notified(() =>
      writer.query(`insert into transactions (id, direction, document_id) values ($1, 'outbound', $2)`, [TXN, DOC]),
    );
    expect(send).toEqual([{ topic: 'transactions', ids: [TXN], documentIds: [DOC] }]);

    const delivery = await notified(() =>
      writer.query(
        `insert into webhook_deliveries (provider, delivery_id, headers, signature_result, document_id, transaction_id)
         values ('goroute', 'evt-live-1', '{}', 'valid', $1, $2) returning id`,
        [DOC, TXN],
      ),
    );
    expect(delivery).toEqual([
      { topic: 'webhooks', ids: [expect.any(String)], documentIds: [DOC], transactionIds: [TXN] },
    ]);

    const timeline = await notified(() =>
      writer.query(
        `insert into timeline_events (document_id, transaction_id, kind, title) values ($1, $2, 'webhook', 'a'), ($1, null, 'system', 'b')`,
        [DOC, TXN],
      ),
    );
    // Every provider request writes one, in a commit of its own: they come with a change of their document, send or
    // delivery when they matter, and notifying on each would serialise those commits (see the migration).
    expect(timeline).toEqual([]);
  });

  it('says "all" instead of the IDs when a statement changes more than 50 rows', async () => {
    const fifty = await notified(() => insertDocuments(1, 50));
    expect(fifty).toHaveLength(1);
    expect(fifty[0]!.ids).toHaveLength(50);

    const many = await notified(() => insertDocuments(51, 3_050));
    expect(many).toEqual([{ topic: 'documents', ids: 'all' }]);

    const bulk = await notified(() =>
      writer.query(`update documents set locale = 'nl-BE' where source_id like 'live-%'`),
    );
    expect(bulk).toEqual([{ topic: 'documents', ids: 'all' }]);
    for (const n of [...fifty, ...many]) expect(JSON.stringify(n).length).toBeLessThan(8_000);
  });

  it('sends one notification per statement inside a transaction, and identical ones once', async () => {
    const changes = await notified(async () => {
      await writer.query('begin');
      for (let i = 0; i < 3; i++) await writer.query(`update documents set locale = 'fr-BE' where id = $1`, [DOC]);
      await writer.query(`update documents set locale = 'de-BE' where id = $1`, [DOC2]);
      await writer.query('commit');
    });
    // Three identical statements fold into one; the fourth named another row.
    expect(changes).toEqual([
      { topic: 'documents', ids: [DOC] },
      { topic: 'documents', ids: [DOC2] },
    ]);
    // A rolled-back statement says nothing.
    const rolledBack = await notified(async () => {
      await writer.query('begin');
      await writer.query(`update documents set locale = 'en-GB' where id = $1`, [DOC]);
      await writer.query('rollback');
    });
    expect(rolledBack).toEqual([]);
  });

  it('covers alerts (and their notifications), the audit log and deletions', async () => {
    let alert = '';
    const raised = await notified(async () => {
      const { rows } = await writer.query<{ id: string }>(
        `insert into alerts (rule, severity, title, dedupe_key) values ('dead_letter', 'critical', 't', 'live-k') returning id`,
      );
      alert = rows[0]!.id;
    });
    expect(raised).toEqual([{ topic: 'alerts', ids: [alert] }]);
    expect(
      await notified(() =>
        writer.query(`insert into alert_notifications (alert_id, channel, status) values ($1, 'slack', 'sent')`, [
          alert,
        ]),
      ),
    ).toEqual([{ topic: 'alerts', ids: [alert] }]);
    expect(
      await notified(() => writer.query(`update alerts set status = 'acknowledged' where id = $1`, [alert])),
    ).toEqual([{ topic: 'alerts', ids: [alert] }]);

    const audit = await notified(() =>
      writer.query(
        `insert into audit_log (actor_email, action, target_type, target_id) values ('a@example.test', 'document.block', 'document', $1) returning id`,
        [DOC],
      ),
    );
    expect(audit).toEqual([{ topic: 'audit', ids: [expect.stringMatching(/^\d+$/)] }]);

    const gone = await notified(() => writer.query(`delete from webhook_deliveries where delivery_id = 'evt-live-1'`));
    expect(gone).toEqual([{ topic: 'webhooks', ids: [expect.any(String)], documentIds: [DOC], transactionIds: [TXN] }]);
  });
});
