'use client';

import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { names, type LiveTopic } from '@/lib/live/events';
import { useLiveChanges } from './live-provider';
import { useThrottled } from './use-throttled';

/**
 * Refreshes the page (router.refresh(): its server components render again, client state such as a half-filled
 * form is kept) when a change of these topics names one of `ids` — a detail page's own row, or the document or send
 * it belongs to — or, without `ids`, on any change of these topics (an aggregate view: the go-live figures, the
 * pending view). At most once per `throttleMs`.
 */
export function LiveRefresh({
  topics,
  ids,
  throttleMs = 1_000,
}: {
  topics: LiveTopic[];
  ids?: string[];
  throttleMs?: number;
}) {
  const router = useRouter();
  const refresh = useThrottled(() => router.refresh(), throttleMs);
  const mine = useMemo(() => (ids ? new Set(ids) : null), [ids]);
  useLiveChanges(topics, (changes) => {
    if (!mine || changes.some((c) => names(c, mine))) refresh();
  });
  return null;
}
