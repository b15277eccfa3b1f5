// The live route handlers, called as Next.js calls them (a Request in, a Response out) against a real database and
// a real listener. Only the session cookie's decoding is stood in for: `getServerSession` says who is signed in; the
// guard then reads that user's role and whether they are active from the database, as in production.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const session = vi.hoisted(() => {
  // lib/env is read on import (the log) and by the sign-in options; the database itself is the test's (below).
  process.env.DATABASE_URL ??= 'postgres://localhost/not-used-by-these-tests';
  process.env.NEXTAUTH_SECRET ??= 'live-routes-test-secret-of-32-characters!';
  return { userId: null as string | null };
});
vi.mock('server-only', () => ({}));
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () => (session.userId ? { user: { id: session.userId } } : null),
}));

const { users } = await import('@/db/schema');
const { demoSessionUsers, freshDatabase, testServers, useAsProcessDatabase } = await import('./databases');
const { createLiveListener } = await import('@/lib/live/listener');
const { liveStream } = await import('@/lib/live/stream');
const live = await import('@/app/api/live/route');
const poll = await import('@/app/api/live/poll/route');
const newer = await import('@/app/api/live/newer/[list]/route');

const quiet = { debug: () => {}, warn: () => {} };
const server = testServers()[0]!;
type Sessions = Awaited<ReturnType<typeof demoSessionUsers>>;

/**
 * Reads a response's stream until `done(text)` holds, it ends, or `ms` pass; the text read by this call. One reader
 * per response, kept across calls, and a read that is still waiting is kept for the next call (no chunk is lost).
 */
const readers = new WeakMap<
  Response,
  { reader: ReadableStreamDefaultReader<Uint8Array>; waiting?: Promise<unknown> }
>();
async function readUntil(res: Response, done: (text: string) => boolean, ms = 5_000) {
  let r = readers.get(res);
  if (!r) readers.set(res, (r = { reader: res.body!.getReader() }));
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (!done(text)) {
    const left = deadline - Date.now();
    if (left <= 0) {
      if (ms >= 5_000) throw new Error(`timed out; the stream said:\n${text}`);
      return { text, ended: false };
    }
    r.waiting ??= r.reader.read();
    const next = await Promise.race([
      r.waiting,
      new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), left)),
    ]);
    if (next === 'late') continue;
    r.waiting = undefined;
    const { done: ended, value } = next as ReadableStreamReadResult<Uint8Array>;
    if (ended) return { text, ended: true };
    text += decoder.decode(value, { stream: true });
  }
  return { text, ended: false };
}

/** The data of every message event (the changes), in order. */
const messages = (text: string) =>
  text
    .split('\n\n')
    .filter((block) => !block.includes('event: ready') && block.includes('data: '))
    .flatMap((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6).split('\n')[0]!) as object[]);

const readyTopics = (text: string) => {
  const block = text.split('\n\n').find((b) => b.includes('event: ready'))!;
  return (JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { topics: string[] }).topics;
};

describe('the live routes', () => {
  let t: Awaited<ReturnType<typeof freshDatabase>>;
  let as: Sessions;
  let restore: () => void;
  let listener: ReturnType<typeof createLiveListener>;

  beforeAll(async () => {
    t = await freshDatabase(server.url);
    restore = useAsProcessDatabase(t);
    as = await demoSessionUsers(t.db);
    listener = createLiveListener(t.url, quiet);
    (globalThis as { invoiceOpsLive?: unknown }).invoiceOpsLive = listener;
  });
  afterAll(async () => {
    delete (globalThis as { invoiceOpsLive?: unknown }).invoiceOpsLive;
    await listener?.close();
    restore?.();
    await t?.drop();
  });

  const signIn = (role: keyof Sessions | null) => (session.userId = role ? as[role].id : null);
  const open = (init: RequestInit = {}) => {
    const abort = new AbortController();
    const req = new Request('http://console.test/api/live', { ...init, signal: abort.signal });
    return { res: live.GET(req), abort };
  };
  const newDocument = async (n: string) => {
    const { rows } = await t.pool.query<{ id: string }>(
      `insert into documents (source_id, upload_idempotency_key, filename, file_format, file_size)
       values ($1, $1, 'f.pdf', 'pdf', 1) returning id`,
      [`live-route-${n}-${Math.random()}`],
    );
    return rows[0]!.id;
  };
  const newDelivery = (n: string) =>
    t.pool.query(
      `insert into webhook_deliveries (provider, delivery_id, headers, signature_result) values ('goroute', $1, '{}', 'valid')`,
      [`evt-live-route-${n}-${Math.random()}`],
    );

  it('refuses anyone not signed in, and a deactivated user, with 401 and no stream', async () => {
    signIn(null);
    const anonymous = await open().res;
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/json');
    expect(await anonymous.json()).toEqual({ error: 'Sign in required' });

    await t.db.update(users).set({ active: false }).where(eq(users.id, as.support.id));
    try {
      signIn('support');
      expect((await open().res).status).toBe(401);
      expect((await poll.GET(new Request('http://console.test/api/live/poll'))).status).toBe(401);
    } finally {
      await t.db.update(users).set({ active: true }).where(eq(users.id, as.support.id));
    }
  });

  it("streams, unbuffered, only the topics the user's role may view, and stops when the browser goes away", async () => {
    signIn('finance');
    const finance = open();
    const res = await finance.res;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const ready = await readUntil(res, (s) => s.includes('event: ready'));
    // Finance may not view webhooks or the audit log: those topics are not even named.
    expect(readyTopics(ready.text)).toEqual(['documents', 'transactions', 'alerts']);

    signIn('support');
    const support = open();
    const supportRes = await support.res;
    expect(readyTopics((await readUntil(supportRes, (s) => s.includes('event: ready'))).text)).toEqual([
      'documents',
      'transactions',
      'webhooks',
      'alerts',
      'audit',
    ]);
    await new Promise((r) => setTimeout(r, 300)); // the listener's LISTEN is in place
    const id = await newDocument('a');
    await newDelivery('a');

    const seenBySupport = await readUntil(supportRes, (s) => messages(s).length >= 2);
    expect(messages(seenBySupport.text)).toEqual(
      expect.arrayContaining([
        { topic: 'documents', ids: [id] },
        { topic: 'webhooks', ids: [expect.any(String)] },
      ]),
    );
    // Finance heard the document, and never the delivery (nor anything but topic and IDs).
    const seenByFinance = await readUntil(res, (s) => messages(s).length >= 1);
    const more = await readUntil(res, () => false, 600);
    expect(messages(seenByFinance.text + more.text)).toEqual([{ topic: 'documents', ids: [id] }]);
    expect(seenByFinance.text).toMatch(/^id: \S+$/m);

    // The browser goes away: the stream ends.
    finance.abort.abort();
    support.abort.abort();
    expect((await readUntil(res, () => false, 2_000)).ended).toBe(true);
    expect((await readUntil(supportRes, () => false, 2_000)).ended).toBe(true);
  });

  it('replays what a reconnecting browser missed (Last-Event-ID), and polls the same', async () => {
    signIn('manager');
    const first = open();
    const res = await first.res;
    const ready = await readUntil(res, (s) => s.includes('event: ready'));
    const lastId = /^id: (\S+)$/m.exec(ready.text)![1]!;
    first.abort.abort();
    const missed = await newDocument('missed');
    await new Promise((r) => setTimeout(r, 300));

    const again = open({ headers: { 'last-event-id': lastId } });
    const replay = await readUntil(await again.res, (s) => messages(s).length >= 1);
    expect(messages(replay.text)).toEqual([{ topic: 'documents', ids: [missed] }]);
    again.abort.abort();

    // The fallback: the first poll says where to start, the next what changed since, for the role only.
    signIn('finance');
    const start = (await (await poll.GET(new Request('http://console.test/api/live/poll'))).json()) as {
      cursor: string;
      changes: unknown[];
    };
    expect(start.changes).toEqual([]);
    const doc = await newDocument('polled');
    await newDelivery('polled');
    await new Promise((r) => setTimeout(r, 300));
    const next = await poll.GET(
      new Request(`http://console.test/api/live/poll?${new URLSearchParams({ cursor: start.cursor })}`),
    );
    expect(next.headers.get('cache-control')).toBe('no-store');
    expect(((await next.json()) as { changes: unknown[] }).changes).toEqual([{ topic: 'documents', ids: [doc] }]);
  });

  it('ends the stream when the user is deactivated or given another role (checked at each heartbeat)', async () => {
    let role: 'support' | 'finance' | null = 'support';
    const abort = new AbortController();
    const res = liveStream({
      listener,
      role: 'support',
      lastEventId: null,
      signal: abort.signal,
      currentRole: async () => role,
      timing: { heartbeatMs: 50 },
    });
    expect((await readUntil(res, (s) => s.includes(': keep-alive'))).ended).toBe(false);
    role = 'finance';
    expect((await readUntil(res, () => false, 2_000)).ended).toBe(true);
    abort.abort();
  });

  it('counts newer rows of a list for its own permission only', async () => {
    const ask = (list: string, query = '') =>
      newer.GET(new Request(`http://console.test/api/live/newer/${list}?${query}`), {
        params: Promise.resolve({ list }),
      });
    signIn(null);
    expect((await ask('documents')).status).toBe(401);
    signIn('finance');
    expect((await ask('webhooks')).status).toBe(403);
    expect((await ask('audit')).status).toBe(403);
    expect((await ask('no-such-list')).status).toBe(404);
    expect((await ask('constructor')).status).toBe(404);
    const all = await ask('documents');
    expect(all.status).toBe(200);
    expect(all.headers.get('cache-control')).toBe('no-store');
    const { count } = (await all.json()) as { count: number; more: boolean };
    expect(count).toBeGreaterThan(0);
    // The page's own filters: no document is delivered here.
    expect(await (await ask('documents', 'state=delivered')).json()).toEqual({ count: 0, more: false });
  });
});
