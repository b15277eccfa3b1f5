import { describe, expect, it } from 'vitest';
import type { SendFacts } from './sends';
import { documentActions, type ActionDocument } from './document-actions';

const doc = (over: Partial<ActionDocument> = {}): ActionDocument => ({
  pipelineState: 'send_failed',
  lastErrorCode: null,
  blockedBy: null,
  ...over,
});
const failed = (over: Partial<SendFacts> = {}) => ({
  id: 'txn-1',
  status: 'failed' as const,
  lastErrorCategory: 'server' as const,
  lastErrorRetryable: true,
  deadLetteredAt: null,
  gorouteTransactionId: null,
  sendIdempotencyKey: 'send:1',
  ...over,
});

describe('the actions a document page offers', () => {
  it('offers retry, block and fix to support on a failed send, and nothing to a manager', () => {
    expect(documentActions('support', doc(), null, failed())).toEqual({
      retrySend: 'txn-1',
      retryUpload: false,
      block: true,
      unblock: false,
      fix: true,
    });
    expect(documentActions('manager', doc(), null, failed())).toEqual({
      retrySend: undefined,
      retryUpload: false,
      block: false,
      unblock: false,
      fix: false,
    });
    // Finance fixes and blocks; retrying a send is support's.
    expect(documentActions('finance', doc(), null, failed())).toMatchObject({
      retrySend: undefined,
      block: true,
      fix: true,
    });
  });

  it('offers a retry only where a person may retry (not a validation failure, not while blocked)', () => {
    expect(
      documentActions(
        'support',
        doc({ pipelineState: 'dead_letter' }),
        null,
        failed({ lastErrorCategory: 'validation', deadLetteredAt: new Date() }),
      ).retrySend,
    ).toBeUndefined();
    expect(
      documentActions(
        'support',
        doc({ pipelineState: 'dead_letter' }),
        null,
        failed({ lastErrorCategory: 'auth', deadLetteredAt: new Date() }),
      ).retrySend,
    ).toBe('txn-1');
    expect(
      documentActions('support', doc({ pipelineState: 'blocked', blockedBy: 'u1' }), 'support', failed()).retrySend,
    ).toBeUndefined();
  });

  it('offers unblock by who blocked it, and never block on a delivered or blocked document', () => {
    const blocked = doc({ pipelineState: 'blocked', blockedBy: 'u1' });
    expect(documentActions('finance', blocked, 'support', null)).toMatchObject({ unblock: false, block: false });
    expect(documentActions('support', blocked, 'support', null)).toMatchObject({ unblock: true });
    expect(documentActions('admin', blocked, 'finance', null)).toMatchObject({ unblock: true });
    expect(documentActions('admin', doc({ pipelineState: 'delivered' }), null, null)).toMatchObject({
      block: false,
      fix: false,
    });
  });

  it('offers an upload again after a failed extraction or exdata’s credits block, not over a person’s block', () => {
    expect(documentActions('support', doc({ pipelineState: 'extraction_failed' }), null, null).retryUpload).toBe(true);
    expect(
      documentActions(
        'support',
        doc({ pipelineState: 'blocked', lastErrorCode: 'insufficient_credits' }),
        'automation',
        null,
      ),
    ).toMatchObject({ retryUpload: true, unblock: true });
    expect(
      documentActions(
        'support',
        doc({ pipelineState: 'blocked', blockedBy: 'u1', lastErrorCode: 'insufficient_credits' }),
        'finance',
        null,
      ),
    ).toMatchObject({ retryUpload: false, unblock: false });
  });
});
