import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_SPAN_MS } from '@/lib/rules/retry-schedule';
import { currentProblem, type ProblemDocument, type ProblemSend } from './current-problem';

const doc = (over: Partial<ProblemDocument> = {}): ProblemDocument => ({
  pipelineState: 'send_failed',
  blockedBy: null,
  lastErrorCode: null,
  lastErrorMessage: null,
  lastErrorDetails: null,
  ...over,
});
const send = (over: Partial<ProblemSend> = {}): ProblemSend => ({
  status: 'failed',
  lastErrorCategory: 'rate_limit',
  lastErrorRetryable: true,
  deadLetteredAt: null,
  gorouteTransactionId: null,
  sendIdempotencyKey: 'send:SRC-1',
  attempts: 2,
  nextAttemptAt: new Date('2026-11-20T10:01:00Z'),
  lastErrorCode: 'RATE_LIMIT_EXCEEDED',
  lastErrorMessage: 'Rate limit exceeded',
  lastErrorDetails: [],
  ...over,
});

describe('the current problem of a document', () => {
  it('is none once the document is delivered, whatever error the send kept from a retry before', () => {
    const delivered = send({ status: 'delivered', lastErrorRetryable: null, nextAttemptAt: null });
    expect(currentProblem(doc({ pipelineState: 'delivered' }), delivered)).toEqual({ kind: 'none' });
    expect(currentProblem(doc({ pipelineState: 'sending' }), delivered)).toEqual({ kind: 'none' });
    // Delivered by webhook while the row still says failed: the document is the truth.
    expect(currentProblem(doc({ pipelineState: 'delivered' }), send())).toEqual({ kind: 'none' });
  });

  it('is none while a send is queued or on its way, e.g. after a person retried it', () => {
    for (const status of ['queued', 'pending', 'processing', 'sending'] as const) {
      expect(currentProblem(doc({ lastErrorCode: 'SERVICE_UNAVAILABLE' }), send({ status }))).toEqual({ kind: 'none' });
    }
  });

  it('shows a send automation retries with its place in the schedule', () => {
    const p = currentProblem(doc(), send());
    expect(p).toMatchObject({
      kind: 'send_retrying',
      error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded', details: [] },
    });
    if (p.kind !== 'send_retrying') throw new Error(p.kind);
    expect(p.outlook).toMatchObject({
      nextAttempt: 3,
      maxAttempts: MAX_ATTEMPTS,
      nextAt: new Date('2026-11-20T10:01:00Z'),
      spanMs: RETRY_SPAN_MS,
    });
    expect(p.outlook!.givesUpAt.getTime()).toBeGreaterThan(p.outlook!.nextAt.getTime());
    expect(currentProblem(doc(), send({ nextAttemptAt: null }))).toMatchObject({
      kind: 'send_retrying',
      outlook: null,
    });
  });

  it('holds retries while the document is blocked', () => {
    expect(
      currentProblem(doc({ pipelineState: 'blocked', blockedBy: 'u1' }), send({ nextAttemptAt: null })),
    ).toMatchObject({ kind: 'send_held' });
  });

  it('tells a dead letter that ran out of attempts from one a retry cannot fix', () => {
    const at = new Date();
    expect(
      currentProblem(
        doc({ pipelineState: 'dead_letter' }),
        send({
          lastErrorCategory: 'server',
          lastErrorRetryable: false,
          deadLetteredAt: at,
          attempts: MAX_ATTEMPTS,
          nextAttemptAt: null,
        }),
      ),
    ).toMatchObject({
      kind: 'send_dead_letter',
      exhausted: true,
      personMayRetry: true,
    });
    expect(
      currentProblem(
        doc({ pipelineState: 'dead_letter' }),
        send({ lastErrorCategory: 'auth', lastErrorRetryable: false, deadLetteredAt: at, nextAttemptAt: null }),
      ),
    ).toMatchObject({
      kind: 'send_dead_letter',
      exhausted: false,
      personMayRetry: true,
    });
    const rules = [
      { rule: 'BR-CO-15', location: '/Invoice/cac:TaxTotal', message: 'totals', extra: '<b>x</b>' },
      'not an object',
    ];
    expect(
      currentProblem(
        doc({ pipelineState: 'dead_letter' }),
        send({
          lastErrorCategory: 'validation',
          lastErrorRetryable: false,
          deadLetteredAt: at,
          lastErrorCode: 'VALIDATION_ERROR',
          lastErrorDetails: rules,
        }),
      ),
    ).toEqual({
      kind: 'send_dead_letter',
      exhausted: false,
      personMayRetry: false,
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Rate limit exceeded',
        details: [{ rule: 'BR-CO-15', location: '/Invoice/cac:TaxTotal', message: 'totals' }],
      },
    });
  });

  it('says a send GoRoute accepted and then failed is for fix and resend', () => {
    expect(
      currentProblem(
        doc(),
        send({ gorouteTransactionId: 'gr-1', lastErrorCategory: 'server', lastErrorCode: 'AS4_DELIVERY_FAILED' }),
      ),
    ).toMatchObject({ kind: 'send_failed', accepted: true, personMayRetry: false });
  });

  it('shows the document’s own error only while it is current', () => {
    const error = { lastErrorCode: 'EXTRACTION_ERROR', lastErrorMessage: 'unreadable', lastErrorDetails: null };
    expect(currentProblem(doc({ pipelineState: 'extraction_failed', ...error }), null)).toMatchObject({
      kind: 'extraction_failed',
      error: { code: 'EXTRACTION_ERROR', details: [] },
    });
    expect(
      currentProblem(doc({ pipelineState: 'uploading', lastErrorCode: 'SERVICE_UNAVAILABLE' }), null),
    ).toMatchObject({ kind: 'upload_retrying' });
    expect(
      currentProblem(doc({ pipelineState: 'blocked', blockedBy: null, lastErrorCode: 'insufficient_credits' }), null),
    ).toMatchObject({ kind: 'credits' });
    // A person's block is the note above, not an error; a stale upload error after extraction is history.
    expect(
      currentProblem(doc({ pipelineState: 'blocked', blockedBy: 'u1', lastErrorCode: 'insufficient_credits' }), null),
    ).toEqual({ kind: 'none' });
    expect(currentProblem(doc({ pipelineState: 'in_review', lastErrorCode: 'SERVICE_UNAVAILABLE' }), null)).toEqual({
      kind: 'none',
    });
  });
});
