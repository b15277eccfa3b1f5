import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { LIVE_CHANNEL, liveTopics, parseChange, resync, type LiveChange } from './events';

type Log = { debug: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

/** Subscribers get each change as it arrives, with the cursor that stands just after it. */
type Subscriber = (changes: LiveChange[], cursor: string) => void;

/** What a cursor asked for, as far as this process can tell. 'resync': it cannot say what was missed. */
type Since = { cursor: string; changes: LiveChange[] | 'resync' };

export type LiveListener = {
  subscribe: (fn: Subscriber) => () => void;
  /** The changes after a cursor this or another web process handed out (SSE Last-Event-ID, a poll). */
  since: (cursor: string | null | undefined) => Since;
  /** Connects now (idempotent); the listener connects by itself on the first subscribe or since(). */
  start: () => void;
  readonly listening: boolean;
  close: () => Promise<void>;
};

type Entry = { seq: number; at: number; change: LiveChange };

const KEEP_ENTRIES = 2_000;
const KEEP_MS = 10 * 60_000;
// A cursor from another web process is a time: its clocks may differ a little, so a little more is sent again
// (a change heard twice only refreshes a page twice, throttled); a change never heard would leave it stale.
const OTHER_PROCESS_OVERLAP_MS = 2_000;

/**
 * One LISTEN connection for a whole web process, fanned out to every subscriber (each browser's stream). Keeps the
 * last changes (2,000, 10 minutes) so a browser that reconnects — to this process or another — gets what it missed,
 * or, when that cannot be told, a resync (every topic 'all'), after which its pages refresh once.
 *
 * When the connection drops (a database restart, pg_terminate_backend) it is opened again after a pause (1 s,
 * doubling to 30 s) and, since notifications sent meanwhile are lost, subscribers get a resync.
 *
 * Cursors are `<process epoch>.<sequence>.<ms>`: exact within the process that made them, a time elsewhere.
 */
export function createLiveListener(url: string, log: Log, options: { minPauseMs?: number } = {}): LiveListener {
  const minPause = options.minPauseMs ?? 1_000;
  const epoch = randomBytes(4).toString('hex');
  // Since when this process has heard every change (its first LISTEN): a cursor from before cannot be answered.
  let listeningSince: number | null = null;
  const subscribers = new Set<Subscriber>();
  const entries: Entry[] = [];
  // Sequence and time of the newest entry no longer kept; a cursor older than that gets a resync.
  let dropped = { seq: 0, at: Date.now() };
  let seq = 0;
  let client: pg.Client | null = null;
  let started = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let pause = minPause;

  const cursorOf = (s: number, at: number) => `${epoch}.${s}.${at}`;
  // Everything up to now: the sequence for this process, the time for any other.
  const head = () => cursorOf(seq, Date.now());

  function publish(changes: LiveChange[]) {
    const at = Date.now();
    for (const change of changes) entries.push({ seq: ++seq, at, change });
    while (entries.length > KEEP_ENTRIES || (entries.length > 0 && entries[0]!.at < at - KEEP_MS)) {
      const gone = entries.shift()!;
      dropped = { seq: gone.seq, at: gone.at };
    }
    const cursor = head();
    for (const fn of subscribers) {
      try {
        fn(changes, cursor);
      } catch (error) {
        log.warn({ error: error instanceof Error ? error.message : String(error) }, 'live subscriber failed');
      }
    }
  }

  const again = (reason: string) => {
    client = null;
    if (closed || retry) return;
    log.warn({ reason, retryInMs: pause }, 'live changes channel lost; listening again after a pause');
    retry = setTimeout(() => {
      retry = undefined;
      void open();
    }, pause);
    retry.unref();
    pause = Math.min(pause * 2, 30_000);
  };

  async function open() {
    const c = new pg.Client({ connectionString: url, application_name: 'invoice-ops-live' });
    c.on('error', (error: Error) => again(error.message));
    c.on('end', () => again('connection closed'));
    c.on('notification', (n) => {
      if (n.channel !== LIVE_CHANNEL || !n.payload) return;
      let change: LiveChange | null = null;
      try {
        change = parseChange(JSON.parse(n.payload));
      } catch {
        change = null;
      }
      if (change) publish([change]);
      else log.warn({ payload: n.payload.slice(0, 200) }, 'live change not understood');
    });
    try {
      await c.connect();
      await c.query(`listen ${LIVE_CHANNEL}`);
      if (closed) return void (await c.end().catch(() => {}));
      client = c;
      pause = minPause;
      log.debug({ channel: LIVE_CHANNEL }, 'listening for live changes');
      // Whatever changed while no one listened is unknown: every page that is open refreshes once.
      if (listeningSince !== null) publish(resync(liveTopics));
      else listeningSince = Date.now();
    } catch (error) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
      again(error instanceof Error ? error.message : String(error));
    }
  }

  function start() {
    if (started || closed) return;
    started = true;
    void open();
  }

  function since(cursor: string | null | undefined): Since {
    start();
    const now = head();
    const m = /^([0-9a-f]{8})\.(\d{1,15})\.(\d{1,15})$/.exec(cursor ?? '');
    if (!m) return { cursor: now, changes: [] };
    const [, from, s, at] = m as unknown as [string, string, string, string];
    if (from === epoch) {
      const after = Number(s);
      if (after < dropped.seq || after > seq) return { cursor: now, changes: 'resync' };
      return { cursor: now, changes: entries.filter((e) => e.seq > after).map((e) => e.change) };
    }
    const t = Number(at);
    // Before this process started listening, or before what it still keeps: it cannot say what was missed.
    if (listeningSince === null || t < listeningSince || (dropped.seq > 0 && t < dropped.at))
      return { cursor: now, changes: 'resync' };
    return { cursor: now, changes: entries.filter((e) => e.at > t - OTHER_PROCESS_OVERLAP_MS).map((e) => e.change) };
  }

  return {
    subscribe(fn) {
      start();
      subscribers.add(fn);
      return () => void subscribers.delete(fn);
    },
    since,
    start,
    get listening() {
      return client !== null;
    },
    close: async () => {
      closed = true;
      clearTimeout(retry);
      subscribers.clear();
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('end');
        await c.end().catch(() => {});
      }
    },
  };
}
