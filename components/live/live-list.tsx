'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import type { LiveTopic } from '@/lib/live/events';
import { useLiveChanges } from './live-provider';
import { useThrottled } from './use-throttled';

type Newer = { count: number; more: boolean };

/**
 * Keeps a newest-first list current without moving it under its reader.
 * - A change of a row the page shows: the page refreshes in place (at most once a second). On the first page, once
 *   newer rows are known to exist, it refreshes held at its first row (`?top=`, db/queries/keyset.ts upTo): the rows
 *   shown are updated, and none are pushed in above them.
 * - Any other change of the topic, on the first page: it asks /api/live/newer/<list> how many rows, with the page's
 *   own filters, are newer than its first row, and says "12 new — show" (or "100+") at the top of the table; clicking
 *   it shows them.
 * - A deeper page (`after` in the URL) shows a fixed range: it only refreshes its own rows in place, and never says
 *   "new".
 * `anchor`: the list's order key never changes (created_at, received_at), so a page may be held at its first row.
 * The alerts list is ordered by when an alert was last seen, which moves on: it is never held.
 */
export function LiveList({
  list,
  topic,
  first,
  ids,
  deep,
  anchor = true,
}: {
  /** The list's name under /api/live/newer/. */
  list: string;
  topic: LiveTopic;
  /** The cursor of the first row shown (lib/pagination), null when the page is empty. */
  first: string | null;
  /** The IDs of the rows shown. */
  ids: string[];
  deep: boolean;
  anchor?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const shown = useMemo(() => new Set(ids), [ids]);
  // How many times the topic changed outside the page since this first row was rendered; 0 = nothing to ask.
  const [heard, setHeard] = useState({ first, times: 0 });
  const times = heard.first === first ? heard.times : 0;
  const filters = useMemo(() => {
    const p = new URLSearchParams(params);
    p.delete('after');
    p.delete('top');
    return p;
  }, [params]);
  const held = params.has('top');

  const newer = useQuery({
    queryKey: ['live-newer', list, filters.toString(), first, times],
    queryFn: async (): Promise<Newer> => {
      const q = new URLSearchParams(filters);
      if (first) q.set('since', first);
      const res = await fetch(`/api/live/newer/${list}?${q}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(`newer rows: HTTP ${res.status}`);
      return (await res.json()) as Newer;
    },
    enabled: !deep && times > 0,
    // While a new count is asked, the banner keeps the last one for the same first row.
    placeholderData: (previous, query) => (query?.queryKey[3] === first ? keepPreviousData(previous) : undefined),
  });
  const count = times > 0 ? (newer.data?.count ?? 0) : 0;

  const url = (top: string | null) => {
    const p = new URLSearchParams(params);
    if (top) p.set('top', top);
    else p.delete('top');
    const q = p.toString();
    return q ? `${pathname}?${q}` : pathname;
  };

  // Whether a change outside the page was heard since this first row was rendered, known at once (the count's state
  // is set a moment later, and a refresh in place must not pull newer rows in meanwhile).
  const outside = useRef<string | null | undefined>(undefined);
  const refreshInPlace = useThrottled(() => {
    // Newer rows exist, or may: hold the first page where it is.
    if (!deep && anchor && first && !held && outside.current === first) router.replace(url(first), { scroll: false });
    else router.refresh();
  }, 1_000);
  const recount = useThrottled(() => setHeard((h) => ({ first, times: (h.first === first ? h.times : 0) + 1 })), 1_000);

  useLiveChanges([topic], (changes) => {
    let onPage = false;
    let elsewhere = false;
    for (const c of changes) {
      if (c.ids === 'all') onPage = elsewhere = true;
      else
        for (const id of c.ids) {
          if (shown.has(id)) onPage = true;
          else elsewhere = true;
        }
    }
    if (elsewhere && !deep) {
      outside.current = first;
      recount();
    }
    if (onPage) refreshInPlace();
  });

  if (deep || count === 0) return null;
  return (
    <div role="status" className="mb-2 flex justify-center">
      <button
        type="button"
        onClick={() => {
          setHeard({ first, times: 0 });
          outside.current = undefined;
          if (held) router.replace(url(null), { scroll: false });
          else router.refresh();
        }}
        className="rounded-full bg-blue-700 px-3 py-1 text-xs font-medium text-white shadow hover:bg-blue-800"
        data-testid="live-newer"
      >
        {newer.data?.more ? `${count}+` : count} new — show
      </button>
    </div>
  );
}
