import { z } from 'zod';
import { minutesUpTo } from '@/lib/rules/setting-values';

// A week: longer than any provider legitimately takes, short enough that "pending too long" still means something.
const pendingWindow = minutesUpTo(7).positive();

/**
 * How long an item may sit in each state that waits on automation (or, for review, on finance) before it counts
 * as "pending too long" (admin setting). Which state uses which window is lib/rules/pending.ts.
 */
export const PendingWindows = z.object({
  exdata_pending_minutes: pendingWindow.default(15),
  goroute_pending_minutes: pendingWindow.default(5),
  goroute_processing_minutes: pendingWindow.default(5),
  goroute_sending_minutes: pendingWindow.default(10),
  // An upload job picks a received document up within seconds; minutes mean no job will (or uploads are paused).
  received_minutes: pendingWindow.default(10),
  // Retryable upload failures back off for about four minutes in all before they give up.
  uploading_minutes: pendingWindow.default(15),
  // Finance works through the queue daily; a document waiting longer has been forgotten.
  review_minutes: pendingWindow.default(24 * 60),
  // An approved document whose send is not queued, in flight or scheduled: nothing will send it.
  approved_minutes: pendingWindow.default(10),
  // A queued send (or a scheduled retry) not picked up this long after it was due: its job is lost.
  queued_minutes: pendingWindow.default(10),
  send_retry_minutes: pendingWindow.default(10),
});
export type PendingWindows = z.infer<typeof PendingWindows>;
export type PendingWindowKey = keyof PendingWindows;
