// What counts as "pending too long": the one definition behind /documents?view=pending, the pending_too_long
// alert, the metrics gauge, the pending sweep and the document page. Each state an item can sit in while it waits
// on automation (or, for review, on finance) has a window from Settings; an item past its window is pending too
// long. The same rules come out as SQL (for lists and counts, served by the partial indexes named below) and as a
// predicate on one row (for a page that already holds the row), so the two can never disagree.
import { and, lt, or, sql, type SQL } from 'drizzle-orm';
import { documents, transactions } from '@/db/schema';
import type { PipelineState, TransactionStatus } from '@/db/schema/enums';
import type { PendingWindowKey, PendingWindows } from '@/lib/rules/pending-windows';

/** Whom an item waits on; the alert and the gauge count per group. */
export type PendingGroup = 'exdata' | 'goroute' | 'review';

type Rule = { group: PendingGroup; window: PendingWindowKey; label: string };

/**
 * Document states that wait, each measured from state_changed_at. blocked, dead_letter and extraction_failed
 * wait on a person and are failures, not pending; delivered is done.
 */
const documentRules = {
  received: { group: 'exdata', window: 'received_minutes', label: 'received, not uploaded to exdata' },
  uploading: { group: 'exdata', window: 'uploading_minutes', label: 'uploading to exdata' },
  extracting: { group: 'exdata', window: 'exdata_pending_minutes', label: 'waiting for exdata to extract' },
  in_review: { group: 'review', window: 'review_minutes', label: 'waiting for finance review' },
  // The next three only while none of the document's sends is watched by a send rule: that send is the row then.
  approved: { group: 'goroute', window: 'approved_minutes', label: 'approved, no send queued' },
  sending: { group: 'goroute', window: 'goroute_sending_minutes', label: 'sending, no send in flight' },
  send_failed: { group: 'goroute', window: 'send_retry_minutes', label: 'send failed, no retry scheduled' },
} as const satisfies Partial<Record<PipelineState, Rule>>;
type DocumentRuleKey = keyof typeof documentRules;
const waitOnSend: readonly DocumentRuleKey[] = ['approved', 'sending', 'send_failed'];

/** Send states that wait, each measured from its own `since` (sendSince below). */
const sendRules = {
  queued: { group: 'goroute', window: 'queued_minutes', label: 'queued, not sent' },
  pending: { group: 'goroute', window: 'goroute_pending_minutes', label: 'GoRoute pending' },
  processing: { group: 'goroute', window: 'goroute_processing_minutes', label: 'GoRoute processing' },
  sending: { group: 'goroute', window: 'goroute_sending_minutes', label: 'GoRoute sending' },
  // A retryable failure with a retry scheduled (send_failed): pending once the retry is overdue.
  retry_due: { group: 'goroute', window: 'send_retry_minutes', label: 'failed, retry overdue' },
} as const satisfies Record<string, Rule>;
type SendRuleKey = keyof typeof sendRules;

export type PendingVerdict = {
  rule: string;
  group: PendingGroup;
  window: PendingWindowKey;
  minutes: number;
  since: Date;
  label: string;
};

const cutoff = (w: PendingWindows, key: PendingWindowKey, now: Date) => new Date(now.getTime() - w[key] * 60_000);
// Enum values written as literals, not parameters: a partial index is only used when the planner can prove its
// predicate from the query's own text. Only the keys of the rule tables above (state names) reach it.
const literal = (value: DocumentRuleKey | TransactionStatus) => sql.raw(`'${value}'`);
const entries = <T extends object>(o: T) => Object.entries(o) as [keyof T & string, T[keyof T]][];
const inGroups = (rule: Rule, groups?: readonly PendingGroup[]) => !groups || groups.includes(rule.group);

// ---- sends -------------------------------------------------------------------------------------------------

const retryScheduled = () =>
  sql`${transactions.status} = 'failed' and ${transactions.deadLetteredAt} is null and ${transactions.lastErrorRetryable} = true and ${transactions.nextAttemptAt} is not null`;

/** A send some send rule watches (whatever its age): a document waiting on it is represented by it. */
const sendWatchedSql = () =>
  sql`(${transactions.status} in ('queued', 'pending', 'processing', 'sending') or (${retryScheduled()}))`;

/** When a send's current wait began: when it fell due (queued, retry), else its last status change. */
export const sendSince = () =>
  sql<Date>`case ${transactions.status} when 'queued' then coalesce(${transactions.nextAttemptAt}, ${transactions.statusChangedAt}) when 'failed' then ${transactions.nextAttemptAt} else ${transactions.statusChangedAt} end`.mapWith(
    transactions.statusChangedAt,
  );

/**
 * Sends past their window. Served by transactions_queued_due_idx (queued, on the same coalesce), the in-flight
 * index (pending, processing, sending) and transactions_retry_due_idx (scheduled retries).
 */
export function sendsPastWindow(w: PendingWindows, now: Date, groups?: readonly PendingGroup[]): SQL {
  const conditions = entries(sendRules)
    .filter(([, rule]) => inGroups(rule, groups))
    .map(([key, rule]) => {
      const before = cutoff(w, rule.window, now);
      if (key === 'queued')
        return sql`(${transactions.status} = 'queued' and coalesce(${transactions.nextAttemptAt}, ${transactions.statusChangedAt}) < ${before})`;
      if (key === 'retry_due') return sql`(${retryScheduled()} and ${transactions.nextAttemptAt} < ${before})`;
      return and(sql`${transactions.status} = ${literal(key)}`, lt(transactions.statusChangedAt, before))!;
    });
  return conditions.length > 0 ? or(...conditions)! : sql`false`;
}

export type SendRow = Pick<
  typeof transactions.$inferSelect,
  'status' | 'statusChangedAt' | 'nextAttemptAt' | 'deadLetteredAt' | 'lastErrorRetryable'
>;

function sendRuleOf(s: SendRow): { key: SendRuleKey; since: Date } | null {
  const status: TransactionStatus = s.status;
  if (status === 'queued') return { key: 'queued', since: s.nextAttemptAt ?? s.statusChangedAt };
  if (status === 'pending' || status === 'processing' || status === 'sending')
    return { key: status, since: s.statusChangedAt };
  if (status === 'failed' && !s.deadLetteredAt && s.lastErrorRetryable === true && s.nextAttemptAt)
    return { key: 'retry_due', since: s.nextAttemptAt };
  return null;
}

const sendWatched = (s: SendRow) => sendRuleOf(s) !== null;

/** The same rule as sendsPastWindow, for one send already in hand. */
export function sendPastWindow(s: SendRow, w: PendingWindows, now = new Date()): PendingVerdict | null {
  const found = sendRuleOf(s);
  if (!found) return null;
  const rule = sendRules[found.key];
  if (found.since >= cutoff(w, rule.window, now)) return null;
  return {
    rule: found.key,
    group: rule.group,
    window: rule.window,
    minutes: w[rule.window],
    since: found.since,
    label: rule.label,
  };
}

// ---- documents ---------------------------------------------------------------------------------------------

/**
 * Documents past their window, each state through documents_waiting_idx (pipeline_state, state_changed_at); the
 * states that wait on a send also check, through transactions_document_idx, that no send of theirs is watched.
 */
export function documentsPastWindow(w: PendingWindows, now: Date, groups?: readonly PendingGroup[]): SQL {
  const conditions = entries(documentRules)
    .filter(([, rule]) => inGroups(rule, groups))
    .map(([state, rule]) => {
      const past = and(
        sql`${documents.pipelineState} = ${literal(state)}`,
        lt(documents.stateChangedAt, cutoff(w, rule.window, now)),
      )!;
      if (!waitOnSend.includes(state)) return past;
      return and(
        past,
        sql`not exists (select 1 from ${transactions} where ${transactions.documentId} = ${documents.id} and ${sendWatchedSql()})`,
      )!;
    });
  return conditions.length > 0 ? or(...conditions)! : sql`false`;
}

export type DocumentRow = Pick<typeof documents.$inferSelect, 'pipelineState' | 'stateChangedAt'>;

/** The same rule as documentsPastWindow, for one document and its sends already in hand. */
export function documentPastWindow(
  d: DocumentRow,
  sends: SendRow[],
  w: PendingWindows,
  now = new Date(),
): PendingVerdict | null {
  if (!Object.hasOwn(documentRules, d.pipelineState)) return null;
  const key = d.pipelineState as DocumentRuleKey;
  const rule = documentRules[key];
  if (waitOnSend.includes(key) && sends.some(sendWatched)) return null;
  if (d.stateChangedAt >= cutoff(w, rule.window, now)) return null;
  return {
    rule: key,
    group: rule.group,
    window: rule.window,
    minutes: w[rule.window],
    since: d.stateChangedAt,
    label: rule.label,
  };
}

/** A verdict for a row a pending query returned (its state and since come from the row). */
export function documentVerdict(state: PipelineState, since: Date, w: PendingWindows): PendingVerdict | null {
  if (!Object.hasOwn(documentRules, state)) return null;
  const rule = documentRules[state as DocumentRuleKey];
  return { rule: state, group: rule.group, window: rule.window, minutes: w[rule.window], since, label: rule.label };
}

export function sendVerdict(s: SendRow, w: PendingWindows): PendingVerdict | null {
  const found = sendRuleOf(s);
  if (!found) return null;
  const rule = sendRules[found.key];
  return {
    rule: found.key,
    group: rule.group,
    window: rule.window,
    minutes: w[rule.window],
    since: found.since,
    label: rule.label,
  };
}
