// The Peppol side of a document: its outbound transaction through GoRoute (validate, send, lifecycle,
// retries, dead letter).
import type { PipelineState, TransactionStatus } from '@/db/schema';
import type { DocState } from './doc-state';
import { formatCents } from '@/demo/world/amounts';
import { splitPeppolId } from '@/lib/identifiers';
import type { SyncFailure, ValidationCase } from './plans';
import { BACKOFF, MAX_ATTEMPTS, SECOND, SYNC_ERRORS, VALIDATION, type ErrorInfo } from './send-errors';
import type { Rng } from '@/demo/world/prng';
import { DAY, MINUTE, type SeedContext, type Story } from './story';
import { buildUbl } from '@/demo/world/ubl';
import { gorouteDelivery } from './webhooks';

// A reprocessed delivery is applied well within a second of support's request.
const REPROCESS_MS = 180;

export function runOutbound(
  ctx: SeedContext,
  rng: Rng,
  s: Story,
  d: DocState,
  move: (to: PipelineState, detail?: Record<string, unknown>) => void,
): void {
  const out = d.plan.send!;
  const id = ctx.uuid();
  s.transactionId = id;
  const receiver = splitPeppolId(d.recipient.peppolId);
  const sendKey = `send:${d.sourceId}`;
  const tx = {
    status: 'queued' as TransactionStatus,
    gorouteId: null as string | null,
    attempts: 0,
    nextAttemptAt: null as Date | null,
    error: null as ErrorInfo | null,
    lastRequestId: null as string | null,
    deadLetteredAt: null as Date | null,
    messageId: null as string | null,
    deliveredAt: null as Date | null,
    createdAt: s.date,
  };
  const setStatus = (to: TransactionStatus, detail?: Record<string, unknown>) => {
    s.transactionTransition(tx.status, to, detail);
    tx.status = to;
  };
  const txData = (extra: Record<string, unknown>) => ({
    transaction_id: tx.gorouteId,
    invoice_number: d.invoiceNumber,
    ...extra,
  });
  const hook = (event: string, data: Record<string, unknown>, opts: { latencyMs?: number } = {}) =>
    s.webhook(gorouteDelivery(ctx, rng, event, txData(data), { t: s.t, processing: 'processed', ...opts }));
  // Anything still sendable (queued, in flight, failed) keeps its UBL so a retry from the console really sends;
  // of the delivered ones only a sample does, to keep the demo data small.
  const finish = () =>
    pushOutbound(
      ctx,
      d,
      s,
      id,
      tx,
      receiver,
      sendKey,
      (out.kind === 'delivered' && out.ubl === true) || tx.status !== 'delivered',
    );

  s.transactionTransition(null, 'queued', { sendIdempotencyKey: sendKey });
  s.system('UBL built: Peppol BIS Billing 3.0 invoice', {
    receiver: d.recipient.peppolId,
    total: formatCents(d.amounts.grossCents),
  });
  if (out.kind === 'queued') return finish();

  if (d.plan.sendAt !== undefined) s.waitUntil(d.plan.sendAt);
  else s.wait(rng.int(2_000, 40_000));
  tx.lastRequestId = ctx.gorouteRequestId();
  s.call({
    provider: 'goroute',
    operation: 'documents.validate',
    method: 'POST',
    path: '/api/v1/validate',
    status: 200,
    durationMs: rng.int(180, 900),
    requestId: tx.lastRequestId,
  });
  move('sending');

  const fail = (f: SyncFailure) => {
    const e = SYNC_ERRORS[f];
    tx.attempts++;
    const requestId = e.status === null ? null : ctx.gorouteRequestId();
    s.call({
      provider: 'goroute',
      operation: 'documents.send',
      method: 'POST',
      path: '/api/v1/send',
      status: e.status,
      durationMs: rng.int(e.ms[0], e.ms[1]),
      requestId,
      idempotencyKey: sendKey,
      errorCode: e.code,
    });
    tx.lastRequestId = requestId;
    tx.error = {
      code: e.code,
      category: e.category,
      retryable: e.retryable,
      message: e.message(d),
      details: e.status === null ? null : [],
    };
    if (tx.status !== 'failed') setStatus('failed', { code: e.code });
    move(e.retryable ? 'send_failed' : 'dead_letter', { code: e.code, httpStatus: e.status, requestId });
    return e;
  };
  const deadLetter = () => {
    tx.deadLetteredAt = s.date;
    s.system(`Moved to the dead-letter queue: permanent error ${tx.error!.code}; support notified, no automatic retry`);
  };
  const accept = () => {
    tx.attempts++;
    tx.gorouteId = ctx.gorouteTransactionId();
    tx.lastRequestId = ctx.gorouteRequestId();
    s.call({
      provider: 'goroute',
      operation: 'documents.send',
      method: 'POST',
      path: '/api/v1/send',
      status: 202,
      durationMs: rng.int(200, 1200),
      requestId: tx.lastRequestId,
      idempotencyKey: sendKey,
    });
    tx.error = null;
    tx.nextAttemptAt = null;
    tx.deadLetteredAt = null;
    setStatus('pending', { gorouteTransactionId: tx.gorouteId });
    // The transaction.created subscription was switched on 9 days ago.
    if (s.t > ctx.now - 9 * DAY) {
      s.wait(rng.int(300, 2_000));
      hook('transaction.created', {
        status: 'pending',
        direction: 'outbound',
        document_type: 'invoice',
        receiver: { ...receiver, name: d.recipient.name },
        metadata: { reference_id: d.sourceId },
        created_at: new Date(s.t - 300).toISOString(),
      });
    }
  };
  const poll = (status: TransactionStatus) => {
    tx.lastRequestId = ctx.gorouteRequestId();
    s.call({
      provider: 'goroute',
      operation: 'transactions.get',
      method: 'GET',
      path: `/api/v1/transactions/${tx.gorouteId}`,
      status: 200,
      durationMs: rng.int(70, 300),
      requestId: tx.lastRequestId,
    });
    if (tx.status !== status) setStatus(status);
  };

  if (out.kind === 'retrying') {
    for (let i = 0; ; i++) {
      const e = fail(out.failure);
      const retryAfter =
        out.failure === 'rate_limit' ? rng.int(30, 90) * SECOND : BACKOFF[Math.min(i, BACKOFF.length - 1)]!;
      const next = s.t + retryAfter;
      if (next >= ctx.now - 5 * SECOND || i >= MAX_ATTEMPTS - 2) {
        tx.nextAttemptAt = new Date(Math.max(next, ctx.now + rng.int(15, 240) * SECOND));
        s.system(
          `Retry ${i + 2} scheduled (${e.category}, retryable${out.failure === 'rate_limit' ? ', honouring Retry-After' : ''})`,
          { nextAttemptAt: tx.nextAttemptAt.toISOString() },
        );
        return finish();
      }
      s.system(`Retry ${i + 2} scheduled in ${Math.round(retryAfter / SECOND)} s (${e.category}, retryable)`);
      s.waitUntil(next);
      move('sending', { attempt: i + 2 });
    }
  }

  if (out.kind === 'dead_letter') {
    if (out.failure in SYNC_ERRORS) {
      fail(out.failure as SyncFailure);
      deadLetter();
      return finish();
    }
    // Accepted, then rejected by GoRoute's validation layers while processing.
    const v = VALIDATION[out.failure as ValidationCase];
    accept();
    s.wait(rng.int(1_000, 4_000));
    hook('document.validated', {
      valid: false,
      validation_layers: {
        schema: true,
        schematron: v.layer !== 'schematron',
        business_rules: v.layer !== 'business_rules',
      },
      errors: v.details,
      warnings: [],
    });
    tx.error = {
      code: 'VALIDATION_ERROR',
      category: 'validation',
      retryable: false,
      message: `Document validation failed: ${v.details.length} error${v.details.length > 1 ? 's' : ''}`,
      details: v.details,
    };
    s.wait(rng.int(200, 1_500));
    hook('transaction.failed', {
      status: 'failed',
      error: { code: tx.error.code, message: tx.error.message, details: v.details },
      failed_at: new Date(s.t - 200).toISOString(),
    });
    poll('failed');
    move('dead_letter', { code: 'VALIDATION_ERROR', rules: v.details.map((x) => x.rule) });
    deadLetter();
    return finish();
  }

  if (out.kind === 'in_flight') {
    accept();
    if (out.status === 'pending') return finish();
    s.wait(rng.int(1_500, 4_000));
    poll('processing');
    const stuck = ctx.now - s.t > 20 * MINUTE;
    if (out.status === 'sending') {
      s.wait(rng.int(1_500, 5_000));
      poll('sending');
    }
    if (stuck) {
      ctx.facts.stuckTransactions.push({
        transactionId: id,
        gorouteTransactionId: tx.gorouteId!,
        status: out.status,
        since: s.transactionStateAt,
      });
      while (s.t + 35 * MINUTE < ctx.now) {
        s.wait(rng.int(25, 35) * MINUTE);
        poll(out.status);
      }
    }
    return finish();
  }

  // Delivered, possibly after an incident.
  for (const f of out.failuresFirst ?? []) {
    const e = fail(f);
    if (e.retryable) {
      ctx.facts.burstFailures.push({ at: s.t, sourceId: d.sourceId });
      const wait = BACKOFF[tx.attempts - 1]!;
      s.system(`Retry ${tx.attempts + 1} scheduled in ${Math.round(wait / SECOND)} s (${e.category}, retryable)`);
      s.wait(wait);
      move('sending', { attempt: tx.attempts + 1 });
    } else {
      deadLetter();
      s.waitUntil(out.humanRetryAt!);
      s.human('support', 'Retried the send after GoRoute added the new egress IP to the allow-list', {
        action: 'transaction.retry',
        targetType: 'transaction',
        targetId: id,
        before: { status: 'failed', dead_lettered: true, last_error_code: e.code },
        after: { status: 'queued', send_idempotency_key: sendKey },
        note: 'GoRoute support confirmed 203.0.113.47 is allow-listed',
      });
      move('sending', { attempt: tx.attempts + 1, manual: true });
    }
  }
  accept();
  if (rng.chance(0.12)) {
    s.wait(rng.int(1_000, 4_000));
    hook('document.validated', {
      valid: true,
      validation_layers: { schema: true, schematron: true, business_rules: true },
      errors: [],
      warnings: [],
    });
  }
  s.wait(rng.int(5_000, 40_000));
  tx.deliveredAt = new Date(s.t - rng.int(200, 900));
  tx.messageId = `${ctx.ids.uuid()}@as4.goroute.ai`;
  const deliveredData = {
    status: 'delivered',
    receiver: { ...receiver, name: d.recipient.name },
    delivered_at: tx.deliveredAt.toISOString(),
    message_id: tx.messageId,
  };
  if (out.reprocessWebhook) {
    const delay = rng.int(25, 90) * MINUTE;
    const w = hook('transaction.delivered', deliveredData, { latencyMs: delay });
    s.system('Webhook processing failed: lock timeout on the transaction row; left for support to reprocess', {
      webhookDeliveryId: w.id,
    });
    s.wait(delay);
    s.human('support', 'Reprocessed the transaction.delivered webhook', {
      action: 'webhook.reprocess',
      targetType: 'webhook_delivery',
      targetId: w.id,
      before: { processing_result: 'failed', processing_error: 'lock timeout on transactions row' },
      after: { processing_result: 'processed' },
    });
    // Processed again on that request: its latency counts from the request, as the worker measures it.
    w.reprocessRequestedAt = new Date(s.t);
    w.processedAt = new Date(Math.min(s.t + REPROCESS_MS, ctx.now));
    w.processingLatencyMs = w.processedAt.getTime() - s.t;
  } else {
    hook('transaction.delivered', deliveredData);
  }
  setStatus('delivered', { messageId: tx.messageId });
  move('delivered');
  return finish();
}

function pushOutbound(
  ctx: SeedContext,
  d: DocState,
  s: Story,
  id: string,
  tx: {
    status: TransactionStatus;
    gorouteId: string | null;
    attempts: number;
    nextAttemptAt: Date | null;
    error: ErrorInfo | null;
    lastRequestId: string | null;
    deadLetteredAt: Date | null;
    messageId: string | null;
    deliveredAt: Date | null;
    createdAt: Date;
  },
  receiver: { scheme: string; identifier: string },
  sendKey: string,
  withUbl: boolean,
): void {
  ctx.data.transactions.push({
    id,
    gorouteTransactionId: tx.gorouteId,
    documentId: d.id,
    direction: 'outbound',
    documentType: 'invoice',
    invoiceNumber: d.invoiceNumber,
    // Sent in the supplier's name, from its own Peppol ID: the hub is the access point's customer, not the seller.
    senderScheme: d.supplier.peppolScheme,
    senderIdentifier: d.supplier.peppolIdentifier,
    senderName: d.supplier.name,
    receiverScheme: receiver.scheme,
    receiverIdentifier: receiver.identifier,
    receiverName: d.recipient.name,
    receiverCountry: d.recipient.country,
    status: tx.status,
    sendIdempotencyKey: sendKey,
    attempts: tx.attempts,
    nextAttemptAt: tx.nextAttemptAt,
    lastErrorCode: tx.error?.code ?? null,
    lastErrorCategory: tx.error?.category ?? null,
    lastErrorRetryable: tx.error?.retryable ?? null,
    lastErrorMessage: tx.error?.message ?? null,
    lastErrorDetails: tx.error?.details ?? null,
    lastRequestId: tx.lastRequestId,
    deadLetteredAt: tx.deadLetteredAt,
    messageId: tx.messageId,
    currency: d.amounts.currency,
    totalAmount: formatCents(d.amounts.grossCents),
    taxAmount: formatCents(d.amounts.taxCents),
    ublXml: withUbl
      ? buildUbl({
          invoiceNumber: d.invoiceNumber,
          issueDate: d.issueDate,
          dueDate: d.dueDate,
          amounts: d.amounts,
          buyerReference: d.sourceId,
          supplier: {
            endpoint: d.supplier.peppolId,
            name: d.supplier.name,
            vatId: d.supplier.vatId,
            iban: d.supplier.iban,
          },
          customer: { endpoint: d.recipient.peppolId, name: d.recipient.name, vatId: d.recipient.vatId },
        })
      : null,
    createdAt: tx.createdAt,
    updatedAt: s.date,
    statusChangedAt: new Date(s.transactionStateAt),
    deliveredAt: tx.deliveredAt,
  });
}
