'use client';

import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { mergeChanges, parseChange, type LiveChange, type LiveTopic } from '@/lib/live/events';

/**
 * How this tab hears about changes: `live` (the /api/live stream is open), `reconnecting` (it dropped; the browser
 * is opening it again), `polling` (it could not be opened or delivers nothing, e.g. behind a buffering proxy:
 * /api/live/poll instead), `connecting` (not yet known).
 */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'polling';

type Listener = { topics: ReadonlySet<LiveTopic>; deliver: (changes: LiveChange[]) => void; held: LiveChange[] };
type Subscribe = (l: Omit<Listener, 'held'>) => () => void;

// Two contexts: the subscription never changes, so a status change does not make every subscriber subscribe again.
const StatusContext = createContext<LiveStatus>('connecting');
const SubscribeContext = createContext<Subscribe | null>(null);

// A stream that has not said `ready` this long after opening is held back by something in between: poll instead.
const READY_TIMEOUT_MS = 10_000;
// Errors in a row without the stream ever saying `ready` before the tab gives up on it and polls.
const FAILURES_BEFORE_POLLING = 3;
// While polling, the stream is tried again after 30 s, then less and less often (the proxy or network may change).
const STREAM_RETRY_MIN_MS = 30_000;
const STREAM_RETRY_MAX_MS = 5 * 60_000;
// The badge says "Reconnecting…" only when a reconnect takes longer than this (the server ends each stream after
// 15 minutes, and the browser is back within a second).
const RECONNECT_QUIET_MS = 3_000;
// A hidden tab closes its stream after this long (a quick look at another tab keeps it).
const HIDDEN_RELEASE_MS = 30_000;
// Polling: every 2 s while changes come, doubling to 30 s while none do.
const POLL_MIN_MS = 2_000;
const POLL_MAX_MS = 30_000;

/**
 * The console's live data, mounted once in the console layout: the react-query client, and one EventSource to
 * /api/live shared by every component of the tab (lib/live/stream.ts says what it carries). Components subscribe to
 * topics (useLiveChanges). While the tab is hidden nothing is delivered: each subscriber keeps what it heard, folded,
 * and gets it once when the tab is shown again — so a page refreshes at most once on return, not once per change.
 * After 30 s hidden the tab also closes its stream; shown again, it reconnects with its last event ID and what it
 * missed meanwhile arrives at once (the server keeps the last 10 minutes; older, every topic says 'all').
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 0 } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <LiveConnection>{children}</LiveConnection>
    </QueryClientProvider>
  );
}

function LiveConnection({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [polling, setPolling] = useState(false);

  const dispatch = useCallback((changes: LiveChange[]) => {
    const hidden = document.visibilityState === 'hidden';
    for (const l of listeners.current) {
      const mine = changes.filter((c) => l.topics.has(c.topic));
      if (mine.length === 0) continue;
      if (hidden) l.held = mergeChanges([...l.held, ...mine]);
      else l.deliver(mine);
    }
  }, []);

  useEffect(() => {
    const shown = () => {
      if (document.visibilityState !== 'visible') return;
      for (const l of listeners.current) {
        if (l.held.length === 0) continue;
        const held = l.held;
        l.held = [];
        l.deliver(held);
      }
    };
    document.addEventListener('visibilitychange', shown);
    return () => document.removeEventListener('visibilitychange', shown);
  }, []);

  useEffect(() => {
    let source: EventSource | null = null;
    let lastId: string | null = null;
    let failures = 0;
    let retryStreamMs = STREAM_RETRY_MIN_MS;
    let stopped = false;
    let readyTimer: number | undefined;
    let quietTimer: number | undefined;
    let retryTimer: number | undefined;
    const timers = () => [readyTimer, quietTimer, retryTimer].forEach((t) => clearTimeout(t));

    const fallBack = () => {
      source?.close();
      source = null;
      timers();
      quietTimer = undefined;
      setStatus('polling');
      setPolling(true);
      retryTimer = window.setTimeout(open, retryStreamMs);
      retryStreamMs = Math.min(retryStreamMs * 2, STREAM_RETRY_MAX_MS);
    };

    function open() {
      if (stopped) return;
      const url = lastId ? `/api/live?${new URLSearchParams({ lastEventId: lastId })}` : '/api/live';
      const es = new EventSource(url);
      source = es;
      let ready = false;
      readyTimer = window.setTimeout(() => !ready && fallBack(), READY_TIMEOUT_MS);
      es.addEventListener('ready', (e) => {
        ready = true;
        failures = 0;
        retryStreamMs = STREAM_RETRY_MIN_MS;
        timers();
        quietTimer = undefined;
        lastId = (e as MessageEvent).lastEventId || lastId;
        setStatus('live');
        setPolling(false);
      });
      es.onmessage = (e) => {
        if (e.lastEventId) lastId = e.lastEventId;
        let data: unknown;
        try {
          data = JSON.parse(e.data as string);
        } catch {
          return;
        }
        const changes = (Array.isArray(data) ? data : []).map(parseChange).filter((c) => c !== null);
        if (changes.length > 0) dispatch(changes);
      };
      es.onerror = () => {
        if (source !== es) return;
        const wasReady = ready;
        ready = false;
        if (!wasReady) failures++;
        if (failures >= FAILURES_BEFORE_POLLING) return fallBack();
        // A stream that worked and dropped is usually back within a second (the server ends each one after 15
        // minutes): the badge says "Reconnecting…" only if it is not.
        quietTimer ??= window.setTimeout(
          () => setStatus((s) => (s === 'polling' ? s : 'reconnecting')),
          wasReady ? RECONNECT_QUIET_MS : 0,
        );
        clearTimeout(readyTimer);
        if (es.readyState === EventSource.CLOSED) {
          // Refused (signed out, a server error): the browser does not retry that, so the tab does, a little later.
          retryTimer = window.setTimeout(open, 2_000 * Math.max(1, failures));
        } else {
          // The browser reconnects by itself, sending Last-Event-ID; it must say `ready` again in time.
          readyTimer = window.setTimeout(() => !ready && fallBack(), READY_TIMEOUT_MS);
        }
      };
    }

    // A tab hidden for a while lets go of its stream: it would refresh nothing anyway, and browsers allow six
    // connections per site over HTTP/1.1 — six hidden console tabs holding streams would leave the seventh waiting.
    // Shown again, it reconnects with its last event ID and hears what it missed (or a resync) at once.
    let asleep = false;
    let sleepTimer: number | undefined;
    const visibility = () => {
      clearTimeout(sleepTimer);
      if (document.visibilityState === 'hidden') {
        sleepTimer = window.setTimeout(() => {
          source?.close();
          source = null;
          timers();
          asleep = true;
        }, HIDDEN_RELEASE_MS);
      } else if (asleep) {
        asleep = false;
        failures = 0;
        open();
      }
    };
    document.addEventListener('visibilitychange', visibility);

    open();
    return () => {
      stopped = true;
      source?.close();
      timers();
      clearTimeout(sleepTimer);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [dispatch]);

  const subscribe = useCallback((l: Omit<Listener, 'held'>) => {
    const entry: Listener = { ...l, held: [] };
    listeners.current.add(entry);
    return () => void listeners.current.delete(entry);
  }, []);

  return (
    <SubscribeContext.Provider value={subscribe}>
      <StatusContext.Provider value={status}>
        {polling && <LivePoll dispatch={dispatch} />}
        {children}
      </StatusContext.Provider>
    </SubscribeContext.Provider>
  );
}

/**
 * The fallback: /api/live/poll with react-query's refetchInterval, every 2 s while changes come and backing off to
 * 30 s while none do; not while the tab is hidden, and at once when it is shown again (the cursor catches up on what
 * was missed, or says resync).
 */
function LivePoll({ dispatch }: { dispatch: (changes: LiveChange[]) => void }) {
  const cursor = useRef<string | null>(null);
  const quiet = useRef(0);
  useQuery({
    queryKey: ['live-poll'],
    queryFn: async () => {
      const res = await fetch(
        `/api/live/poll${cursor.current ? `?${new URLSearchParams({ cursor: cursor.current })}` : ''}`,
        {
          cache: 'no-store',
        },
      );
      if (!res.ok) throw new Error(`poll answered ${res.status}`);
      const body = (await res.json()) as { cursor: string; changes: unknown[] };
      cursor.current = body.cursor;
      const changes = body.changes.map(parseChange).filter((c) => c !== null);
      quiet.current = changes.length > 0 ? 0 : quiet.current + 1;
      if (changes.length > 0) dispatch(changes);
      return body.cursor;
    },
    refetchInterval: () => Math.min(POLL_MIN_MS * 2 ** quiet.current, POLL_MAX_MS),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: 'always',
    gcTime: 0,
  });
  return null;
}

/** How this tab hears about changes (for the header's badge). */
export function useLiveStatus(): LiveStatus {
  return useContext(StatusContext);
}

/**
 * Calls `onChanges` with the changes of these topics as they arrive (and, after the tab was hidden, once with what
 * it missed). The latest `onChanges` is called; the subscription follows the topics.
 */
export function useLiveChanges(topics: readonly LiveTopic[], onChanges: (changes: LiveChange[]) => void) {
  const subscribe = useContext(SubscribeContext);
  const handler = useRef(onChanges);
  useEffect(() => {
    handler.current = onChanges;
  });
  const key = [...topics].sort().join(',');
  useEffect(() => {
    if (!subscribe) return;
    return subscribe({
      topics: new Set(key.split(',') as LiveTopic[]),
      deliver: (changes) => handler.current(changes),
    });
  }, [subscribe, key]);
}
