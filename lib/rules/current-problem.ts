import type { PipelineState } from '@/db/schema/enums';
import { retryOutlook, type RetryOutlook } from '@/lib/rules/retry-schedule';
import { AUTOMATIC_RETRY_CATEGORIES, automationRetries, isFailedSend, personMayRetry, type SendFacts } from './sends';

type ProblemDetail = { rule: string | null; location: string | null; message: string | null };
export type ProblemError = { code: string | null; message: string | null; details: ProblemDetail[] };

export type ProblemDocument = {
  pipelineState: PipelineState;
  blockedBy: string | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  lastErrorDetails: unknown;
};
export type ProblemSend = SendFacts & {
  attempts: number;
  nextAttemptAt: Date | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  lastErrorDetails: unknown;
};

/**
 * The one problem a document has now, if any — what its page shows in red. Errors of the past (a 429 before a
 * retry that went through, an upload error before a re-upload) stay on the timeline and are not problems.
 */
export type CurrentProblem =
  | { kind: 'none' }
  /** exdata could not extract it, or the upload failed for good: re-upload. */
  | { kind: 'extraction_failed'; error: ProblemError }
  /** The upload failed and automation is trying again. */
  | { kind: 'upload_retrying'; error: ProblemError }
  /** exdata blocked it for lack of credits: upload again once credits are back. */
  | { kind: 'credits'; error: ProblemError }
  /** The latest send failed and automation retries it; `outlook` is where it stands in the schedule. */
  | { kind: 'send_retrying'; error: ProblemError; outlook: RetryOutlook | null }
  /** The latest send failed retryably while the document is blocked: nothing is retried until a person unblocks it. */
  | { kind: 'send_held'; error: ProblemError }
  /** Automation gave up on the latest send: `exhausted` when it ran out of attempts on a transient failure. */
  | { kind: 'send_dead_letter'; error: ProblemError; exhausted: boolean; personMayRetry: boolean }
  /** The latest send failed and nothing retries it (`accepted`: GoRoute took it, then it failed): retry if a person may, else fix and resend. */
  | { kind: 'send_failed'; error: ProblemError; accepted: boolean; personMayRetry: boolean };

const automatic: ReadonlySet<string> = new Set(AUTOMATIC_RETRY_CATEGORIES);

/** The latest send is the document's current attempt: earlier ones were replaced by a fix and resend. */
export function currentProblem(doc: ProblemDocument, latestSend: ProblemSend | null): CurrentProblem {
  if (doc.pipelineState === 'delivered') return { kind: 'none' };
  if (latestSend && isFailedSend(latestSend)) return sendProblem(doc, latestSend);
  // A send queued or on its way: whatever went wrong before it is history.
  if (latestSend) return { kind: 'none' };
  const error = documentError(doc);
  if (doc.pipelineState === 'extraction_failed') return { kind: 'extraction_failed', error };
  if (doc.pipelineState === 'blocked' && doc.blockedBy === null && doc.lastErrorCode === 'insufficient_credits')
    return { kind: 'credits', error };
  // The upload job keeps the last error on the document while it retries, and clears it once exdata has the file.
  if (doc.lastErrorCode && (doc.pipelineState === 'received' || doc.pipelineState === 'uploading'))
    return { kind: 'upload_retrying', error };
  return { kind: 'none' };
}

function sendProblem(doc: ProblemDocument, send: ProblemSend): CurrentProblem {
  const documentBlocked = doc.pipelineState === 'blocked';
  const error = toError(send.lastErrorCode, send.lastErrorMessage, send.lastErrorDetails);
  if (
    documentBlocked &&
    send.deadLetteredAt === null &&
    send.lastErrorRetryable === true &&
    send.gorouteTransactionId === null
  )
    return { kind: 'send_held', error };
  if (automationRetries(send, { documentBlocked }))
    return {
      kind: 'send_retrying',
      error,
      outlook: send.nextAttemptAt ? retryOutlook(send.attempts, send.nextAttemptAt) : null,
    };
  const mayRetry = personMayRetry(send, { documentBlocked, superseded: false });
  if (send.deadLetteredAt !== null) {
    const exhausted =
      send.lastErrorCategory !== null && automatic.has(send.lastErrorCategory) && send.gorouteTransactionId === null;
    return { kind: 'send_dead_letter', error, exhausted, personMayRetry: mayRetry };
  }
  return { kind: 'send_failed', error, accepted: send.gorouteTransactionId !== null, personMayRetry: mayRetry };
}

function documentError(doc: ProblemDocument): ProblemError {
  return toError(doc.lastErrorCode, doc.lastErrorMessage, doc.lastErrorDetails);
}

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** The provider's details as stored (untrusted JSON): only their text fields, never markup. */
function toError(code: string | null, message: string | null, details: unknown): ProblemError {
  const list = Array.isArray(details) ? details : [];
  return {
    code,
    message,
    details: list.flatMap((d: unknown) => {
      if (d === null || typeof d !== 'object') return [];
      const r = d as Record<string, unknown>;
      return [{ rule: text(r.rule) ?? text(r.field), location: text(r.location), message: text(r.message) }];
    }),
  };
}
