import type { Role } from '@/db/schema/enums';
import { mergeChanges, resync, type LiveChange } from './events';
import type { LiveListener } from './listener';
import { topicsFor } from './topics';

type Timing = {
  /** A comment line this often, so proxies and the browser see the connection alive (and it is re-authorised). */
  heartbeatMs: number;
  /** Changes heard within this long go out as one message. */
  flushMs: number;
  /** The stream ends after this long; the browser reconnects at once, and its session is checked again. */
  maxAgeMs: number;
};

const defaults: Timing = { heartbeatMs: 25_000, flushMs: 250, maxAgeMs: 15 * 60_000 };

const streamHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform: Next.js's compression (and any proxy honouring it) leaves the stream alone instead of buffering it.
  'cache-control': 'no-cache, no-transform',
  // nginx and the like: pass each event on as it is written.
  'x-accel-buffering': 'no',
};

/** The role's share of some changes, folded per topic. */
function forRole(topics: ReadonlySet<string>, changes: LiveChange[] | 'resync'): LiveChange[] {
  if (changes === 'resync') return resync([...topics] as LiveChange['topic'][]);
  return mergeChanges(changes.filter((c) => topics.has(c.topic)));
}

/**
 * A browser's Server-Sent Events stream: `event: ready` with the topics it carries, then one message per 250 ms at
 * most with the changes of those topics (`data: [{"topic":…,"ids":[…]},…]`, `id:` a cursor), a comment every 25 s.
 * A browser reconnecting with Last-Event-ID first gets what it missed (lib/live/listener.ts). At each heartbeat the
 * user is read again: deactivated, or given another role, the stream ends (the browser reconnects as who it now is).
 * Ends, and unsubscribes, when the browser goes away (`signal`).
 */
export function liveStream(o: {
  listener: LiveListener;
  role: Role;
  lastEventId: string | null;
  signal: AbortSignal;
  /** The user's role now, or null once they may no longer sign in. */
  currentRole: () => Promise<Role | null>;
  timing?: Partial<Timing>;
}): Response {
  const timing = { ...defaults, ...o.timing };
  const topics = new Set<string>(topicsFor(o.role));
  const encoder = new TextEncoder();
  let stop: () => void = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let ended = false;
      let pending: LiveChange[] = [];
      let cursor = '';
      let flushTimer: NodeJS.Timeout | undefined;
      const write = (text: string) => {
        if (ended) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const send = (changes: LiveChange[], id: string) => {
        if (changes.length > 0) write(`id: ${id}\ndata: ${JSON.stringify(changes)}\n\n`);
      };
      const flush = () => {
        flushTimer = undefined;
        send(mergeChanges(pending), cursor);
        pending = [];
      };

      const missed = o.listener.since(o.lastEventId);
      write(`retry: 1000\nid: ${missed.cursor}\nevent: ready\ndata: ${JSON.stringify({ topics: [...topics] })}\n\n`);
      if (o.lastEventId) send(forRole(topics, missed.changes), missed.cursor);
      const unsubscribe = o.listener.subscribe((changes, at) => {
        const mine = changes.filter((c) => topics.has(c.topic));
        if (mine.length === 0) return;
        pending.push(...mine);
        cursor = at;
        flushTimer ??= setTimeout(flush, timing.flushMs);
      });
      const heartbeat = setInterval(() => {
        write(': keep-alive\n\n');
        o.currentRole().then(
          (role) => role !== o.role && stop(),
          // The database is away: so is the listener; the stream says nothing new, and is checked again next time.
          () => {},
        );
      }, timing.heartbeatMs);
      const maxAge = setTimeout(() => stop(), timing.maxAgeMs);
      stop = () => {
        if (ended) return;
        ended = true;
        unsubscribe();
        clearTimeout(flushTimer);
        clearInterval(heartbeat);
        clearTimeout(maxAge);
        o.signal.removeEventListener('abort', stop);
        try {
          controller.close();
        } catch {
          // Already cancelled by the reader.
        }
      };
      if (o.signal.aborted) stop();
      else o.signal.addEventListener('abort', stop, { once: true });
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, { headers: streamHeaders });
}

/** For a browser that cannot hold a stream open: the role's changes after its cursor, and the cursor to ask with next. */
export function pollChanges(listener: LiveListener, role: Role, cursor: string | null) {
  const topics = new Set<string>(topicsFor(role));
  const since = listener.since(cursor);
  return { cursor: since.cursor, changes: cursor ? forRole(topics, since.changes) : [] };
}
