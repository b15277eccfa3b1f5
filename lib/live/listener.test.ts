import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testServers } from '@/test/databases';
import { liveTopics, type LiveChange } from './events';
import { createLiveListener } from './listener';

const quiet = { debug: () => {}, warn: () => {} };
const until = async (test: () => boolean | Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(testServers())('the live listener on $name PostgreSQL', ({ url }) => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let admin: Client;
  let n = 0;
  beforeAll(async () => {
    t = await freshDatabase(url);
    admin = new Client({ connectionString: t.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.drop();
  });

  const listening = async () =>
    (
      await admin.query(
        `select count(*)::int as n from pg_stat_activity where application_name = 'invoice-ops-live' and datname = current_database()`,
      )
    ).rows[0].n === 1;
  const newDocument = async () => {
    n++;
    const { rows } = await admin.query<{ id: string }>(
      `insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size)
       values ($1, $1, 'f.pdf', 'pdf', 1) returning id`,
      [`listener-${n}-${Math.random()}`],
    );
    return rows[0]!.id;
  };

  it('fans each change out to every subscriber, and after its connection is cut, listens again, says resync, and delivers again', async () => {
    const listener = createLiveListener(t.url, quiet, { minPauseMs: 100 });
    const a: LiveChange[] = [];
    const b: LiveChange[] = [];
    let cursor = '';
    const offA = listener.subscribe((changes, at) => {
      a.push(...changes);
      cursor = at;
    });
    listener.subscribe((changes) => b.push(...changes));
    try {
      await until(listening);
      const first = await newDocument();
      await until(() => a.length === 1 && b.length === 1);
      expect(a).toEqual([{ topic: 'documents', ids: [first] }]);
      expect(b).toEqual(a);
      const before = cursor;

      // A database restart, as far as this connection can tell.
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'invoice-ops-live' and datname = current_database()`,
      );
      await until(async () => !listener.listening);
      const missed = await newDocument();
      await until(() => listener.listening, 20_000);
      // What changed while no one listened cannot be known: every topic, 'all'.
      await until(() => a.length === 1 + liveTopics.length);
      expect(a.slice(1)).toEqual(liveTopics.map((topic) => ({ topic, ids: 'all' })));
      expect(a.flatMap((c) => (c.ids === 'all' ? [] : c.ids))).not.toContain(missed);

      const after = await newDocument();
      await until(() => a.length === 2 + liveTopics.length);
      expect(a.at(-1)).toEqual({ topic: 'documents', ids: [after] });

      // A browser reconnecting with the cursor it had before the cut gets the resync and what came after.
      const since = listener.since(before);
      expect(since.changes).toEqual([...liveTopics.map((topic) => ({ topic, ids: 'all' })), a.at(-1)]);
      expect(since.cursor.split('.').slice(0, 2)).toEqual(cursor.split('.').slice(0, 2));
      // Unsubscribed: no more changes for that one.
      offA();
      await newDocument();
      await until(() => b.length === 3 + liveTopics.length);
      expect(a).toHaveLength(2 + liveTopics.length);
    } finally {
      await listener.close();
    }
    await until(async () => !(await listening()));
  });

  it('answers a cursor from itself exactly, one from another web process by time, and anything else with resync', async () => {
    const one = createLiveListener(t.url, quiet);
    const other = createLiveListener(t.url, quiet);
    try {
      expect(one.since(null).changes).toEqual([]);
      other.start();
      await until(async () => one.listening && other.listening);
      const start = one.since(null);
      const id = await newDocument();
      await until(() => {
        const s = one.since(start.cursor).changes;
        return Array.isArray(s) && s.length === 1;
      });
      expect(one.since(start.cursor).changes).toEqual([{ topic: 'documents', ids: [id] }]);
      // Nothing after its own head.
      const head = one.since(start.cursor).cursor;
      expect(one.since(head).changes).toEqual([]);

      // The other process heard the same change; it reads one's cursor as a time (with a little overlap).
      await until(() => {
        const s = other.since(start.cursor).changes;
        return Array.isArray(s) && s.length === 1;
      });
      expect(other.since(start.cursor).changes).toEqual([{ topic: 'documents', ids: [id] }]);
      // A time from before the other process listened: it cannot say what was missed.
      const [epoch, seq] = start.cursor.split('.');
      expect(other.since(`${epoch}.${seq}.${Date.now() - 60 * 60_000}`).changes).toBe('resync');
      // A sequence this process never handed out, and garbage.
      expect(one.since(`${epoch}.999999.${Date.now()}`).changes).toBe('resync');
      expect(one.since('not a cursor').changes).toEqual([]);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });
});
