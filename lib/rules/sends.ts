import { and, eq, inArray, isNotNull, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { documents, transactions } from '@/db/schema';
import type { ErrorCategory, TransactionStatus } from '@/db/schema/enums';

// What a failed send is, and who may retry it: one set of constants read by the TypeScript predicates (pages,
// jobs) and the SQL conditions (queries, conditional updates) below, so a list, its count and the action behind
// a button cannot disagree. Each SQL condition is on the `transactions` table of the query it is used in.

/** A send that failed: GoRoute refused it, or it could not be sent; `dead_lettered_at` says whether automation gave up. */
const FAILED: TransactionStatus = 'failed';

/**
 * Failures automation retries on its own, with the same idempotency key (docs/providers.md: 429, 5xx, network
 * errors and timeouts). A 5xx that is our misreading of a 2xx (BAD_RESPONSE) is filed as `server` but marked
 * not retryable by the worker; the flag on the row is automation's own decision.
 */
export const AUTOMATIC_RETRY_CATEGORIES = [
  'server',
  'network',
  'rate_limit',
] as const satisfies readonly ErrorCategory[];

/**
 * Failures a person may retry as they are, with the same key: the transient ones, and those whose cause lies
 * outside the invoice — an API key or IP allow-list (`auth`: retry after rotating the key), the receiver's
 * Peppol registration (`not_found`: retry once the participant lookup finds it). Automation never retries the
 * latter (docs/providers.md: permanent). Anything else is in the invoice itself: fix and resend, with a new key.
 */
export const PERSON_RETRY_CATEGORIES = [
  ...AUTOMATIC_RETRY_CATEGORIES,
  'auth',
  'not_found',
] as const satisfies readonly ErrorCategory[];

const personRetry: ReadonlySet<ErrorCategory> = new Set(PERSON_RETRY_CATEGORIES);

/** The columns the rules read, as the pages and jobs have them. */
export type SendFacts = {
  status: TransactionStatus;
  lastErrorCategory: ErrorCategory | null;
  lastErrorRetryable: boolean | null;
  deadLetteredAt: Date | null;
  gorouteTransactionId: string | null;
  sendIdempotencyKey: string | null;
};

/** What the rules need beyond the row: its document's block, and whether a newer send of the document (fix and resend) replaced it. */
export type SendContext = { documentBlocked: boolean; superseded: boolean };

export const isFailedSend = (s: Pick<SendFacts, 'status'>) => s.status === FAILED;
export const failedSend: SQL = eq(transactions.status, FAILED);

const t = transactions;

// GoRoute answers a repeated key with its first answer (docs/providers.md), so once it accepted a send and the
// transaction failed later (AS4, receiver), sending the same key again only brings back that failure.
const notAccepted: SQL = isNull(t.gorouteTransactionId);
const documentNotBlocked: SQL = sql`not exists (select 1 from ${documents} blocked_doc where blocked_doc.id = ${t.documentId} and blocked_doc.pipeline_state = 'blocked')`;
// A fix and resend leaves the failed send on record next to the corrected one; resending the old invoice would
// deliver both. (`transactions` inside is aliased, so the unaliased columns are the outer row's.)
const latestOfDocument: SQL = sql`not exists (select 1 from ${transactions} newer where newer.document_id = ${t.documentId} and newer.created_at > ${t.createdAt})`;

/**
 * Automation retries it: failed, automation has not given up (not dead-lettered) and marked the failure
 * retryable, GoRoute never accepted it, and its document is not blocked (a block holds every retry until a
 * person unblocks; the row stays marked so the retry resumes then).
 */
export function automationRetries(s: SendFacts, ctx: Pick<SendContext, 'documentBlocked'>): boolean {
  return (
    isFailedSend(s) &&
    s.deadLetteredAt === null &&
    s.lastErrorRetryable === true &&
    s.gorouteTransactionId === null &&
    !ctx.documentBlocked
  );
}
export const automationRetriesSql: SQL = and(
  failedSend,
  isNull(t.deadLetteredAt),
  eq(t.lastErrorRetryable, true),
  notAccepted,
  documentNotBlocked,
)!;

/** What the send worker may claim: a send not yet tried, or one automation retries. */
export const sendableSql: SQL = or(
  and(eq(t.status, 'queued'), isNull(t.deadLetteredAt), documentNotBlocked),
  automationRetriesSql,
)!;
export function isSendable(s: SendFacts, ctx: Pick<SendContext, 'documentBlocked'>): boolean {
  return (s.status === 'queued' && s.deadLetteredAt === null && !ctx.documentBlocked) || automationRetries(s, ctx);
}

/** A retry with the same key cannot fix it: the cause is in the invoice (fix and resend), or GoRoute already accepted it. */
export function retryCannotFix(s: Pick<SendFacts, 'lastErrorCategory' | 'gorouteTransactionId'>): boolean {
  return s.lastErrorCategory === null || !personRetry.has(s.lastErrorCategory) || s.gorouteTransactionId !== null;
}
export const retryCannotFixSql: SQL = or(
  isNull(t.lastErrorCategory),
  notInArray(t.lastErrorCategory, [...PERSON_RETRY_CATEGORIES]),
  isNotNull(t.gorouteTransactionId),
)!;

/**
 * A person may retry it (the Retry send button, a single retry): a failed send of ours, the latest of its
 * document, whose document is not blocked and whose failure a retry can fix — dead letters included, since a
 * person looked at this one (an auth failure after the key was rotated, a send that outlasted its schedule).
 */
export function personMayRetry(s: SendFacts, ctx: SendContext): boolean {
  return (
    isFailedSend(s) && s.sendIdempotencyKey !== null && !retryCannotFix(s) && !ctx.documentBlocked && !ctx.superseded
  );
}
export const personMayRetrySql: SQL = and(
  failedSend,
  isNotNull(t.sendIdempotencyKey),
  inArray(t.lastErrorCategory, [...PERSON_RETRY_CATEGORIES]),
  notAccepted,
  documentNotBlocked,
  latestOfDocument,
)!;

/**
 * What a bulk retry takes, what its preview counts and what the Failures view lists as "retryable": the sends
 * a person may retry that are not dead letters. Dead letters are never retried blindly (docs/providers.md), and
 * most are months old; a person retries each from its page. `status = 'failed' and dead_lettered_at is null`
 * stays literal here so the planner matches the partial index transactions_retry_candidates_idx.
 */
export function bulkRetryable(s: SendFacts, ctx: SendContext): boolean {
  return personMayRetry(s, ctx) && s.deadLetteredAt === null;
}
export const bulkRetryableSql: SQL = and(failedSend, isNull(t.deadLetteredAt), personMayRetrySql)!;
