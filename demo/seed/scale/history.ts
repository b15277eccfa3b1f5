// Transactions without a document row:
//  - historical outbound sends, 90 to 400 days old: the hub has been live for ~13 months, the documents table
//    holds the last 90 days of supplier PDFs; older sends keep their transaction (and its calls and webhooks),
//    their documents are no longer in the console (document_id is null);
//  - inbound invoices (~20 % of all transactions) over the whole period.
// Traffic that belongs to no transaction at all is in ./strays.ts.
// Two eras keep the counts exact without inventing traffic: GoRoute webhooks were subscribed at some date
// (older transactions were reconciled by polling), and pre-send validation was switched on at some date
// (older sends went straight to documents.send). Both dates follow from the target counts (see budget.ts).
import type { ErrorCategory } from '@/db/schema';
import { invoiceNumberFor, type Company } from '@/demo/world/companies';
import { buildAmounts } from '@/demo/world/amounts';
import type { SyncFailure, ValidationCase } from '@/demo/seed/plans';
import { Rng } from '@/demo/world/prng';
import { BACKOFF, SYNC_ERRORS, VALIDATION } from '@/demo/seed/send-errors';
import { buildUbl } from '@/demo/world/ubl';
import { gorouteDelivery } from '@/demo/seed/webhooks';
import { formatCents } from '@/demo/world/amounts';
import { splitPeppolId } from '@/lib/identifiers';
import { tailDuration, type ScaleContext } from './context';
import { breathe, type Sink } from './sink';
import { nextInvoiceNumber, type Parties } from '@/demo/seed/lifecycle';
import { DAY, instantArray, traffic } from './time';
import type { WebhookRow } from '@/demo/seed/story';

const SECOND = 1000;
export const HISTORY_DAYS = 400;
/** Raw payloads older than this are purged by the nightly retention job (settings.retention default). */
const RETENTION_DAYS = 90;
const KEPT_HEADERS = new Set([
  'content-type',
  'user-agent',
  'x-event',
  'x-delivery',
  'x-timestamp',
  'x-goroute-event-id',
]);

/** How a historical send ended. */
const OUTCOMES = [
  'delivered',
  'validation',
  'not_found',
  'invalid_key',
  'ip_blocked',
  'server',
  'timeout',
  'rate_limit',
] as const;
const OUTCOME_MIX: [number, number][] = [
  [0, 9740],
  [1, 120],
  [2, 60],
  [3, 8],
  [4, 17],
  [5, 30],
  [6, 15],
  [7, 10],
];
/** GoRoute accepted the send (it has a GoRoute ID and sends webhooks). */
export const accepted = (o: number) => o <= 1;

export interface HistoryPlans {
  outTimes: Float64Array;
  outcome: Uint8Array;
  attempts: Uint8Array;
  supplier: Uint8Array;
  inTimes: Float64Array;
}

export function planHistory(
  now: number,
  outbound: number,
  inbound: number,
  suppliers: number,
  seed: number,
): HistoryPlans {
  const rng = new Rng(seed);
  const outTimes = instantArray(traffic(now, HISTORY_DAYS, 90, 200), outbound, rng);
  const outcome = new Uint8Array(outbound);
  const attempts = new Uint8Array(outbound);
  const supplier = new Uint8Array(outbound);
  for (let j = 0; j < outbound; j++) {
    const o = rng.weighted(OUTCOME_MIX);
    outcome[j] = o;
    // Retryable failures were retried up to 8 times before the dead letter; a few delivered sends needed a retry.
    attempts[j] = o >= 5 ? 8 : o === 0 && rng.chance(0.03) ? rng.int(2, 3) : 1;
    supplier[j] = rng.int(0, suppliers - 1);
  }
  const inTimes = instantArray(traffic(now, HISTORY_DAYS, 0, 200), inbound, rng);
  return { outTimes, outcome, attempts, supplier, inTimes };
}

/** Retention already ran over old deliveries: body and signature gone, identifying headers kept. */
export function retained(row: WebhookRow, now: number): WebhookRow {
  if (row.receivedAt!.getTime() >= now - RETENTION_DAYS * DAY || row.processingResult === 'queued') return row;
  const headers = Object.fromEntries(
    Object.entries(row.headers as Record<string, string>).filter(([k]) => KEPT_HEADERS.has(k)),
  );
  return { ...row, body: null, headers };
}

export interface HistoryEras {
  /** Transactions at or after this instant got webhooks. */
  webhooksFrom: number;
  /** Historical sends at or after this index were validated before sending. */
  validateFromIndex: number;
}

function pickCustomer(rng: Rng, p: Parties, supplier: Company): Company {
  const same = p.customers.filter((c) => c.country === supplier.country);
  return same.length > 0 && rng.chance(0.8) ? rng.pick(same) : rng.pick(p.customers);
}

export const lognormalMs = (rng: Rng, median: number) =>
  Math.max(8, Math.round(median * Math.exp((rng.float() + rng.float() + rng.float() - 1.5) * 0.9)));

function historicalSend(
  ctx: ScaleContext,
  rng: Rng,
  sink: Sink,
  p: Parties,
  h: HistoryPlans,
  eras: HistoryEras,
  j: number,
  sourceId: string,
): void {
  const t = h.outTimes[j]!;
  const o = OUTCOMES[h.outcome[j]!]!;
  const attempts = h.attempts[j]!;
  const supplier = p.suppliers[h.supplier[j]! % p.suppliers.length]!;
  const customer = pickCustomer(rng, p, supplier);
  const amounts = buildAmounts(rng, supplier, customer.country);
  const issueMs = t - rng.int(0, 4) * DAY;
  const invoiceNumber = nextInvoiceNumber(p, supplier, issueMs);
  const id = ctx.uuid();
  const sendKey = `send:${sourceId}`;
  const receiver = splitPeppolId(customer.peppolId);
  const validate = j >= eras.validateFromIndex;
  ctx.clock = t;
  const call = (
    at: number,
    operation: string,
    path: string,
    status: number | null,
    ms: number,
    errorCode: string | null,
    idempotencyKey: string | null,
  ) => {
    const requestId = status === null ? null : ctx.gorouteRequestId();
    sink.call({
      provider: 'goroute',
      operation,
      method: path.startsWith('/api/v1/transactions') ? 'GET' : 'POST',
      path,
      httpStatus: status,
      durationMs: ms,
      requestId,
      idempotencyKey,
      errorCode,
      documentId: null,
      transactionId: id,
      createdAt: new Date(at),
    });
    return requestId;
  };

  let at = t + rng.int(2_000, 40_000);
  let lastRequestId: string | null = null;
  for (let a = 0; a < attempts; a++) {
    if (validate) {
      const ms = tailDuration(rng, rng.int(180, 900));
      at += ms;
      call(at, 'documents.validate', '/api/v1/validate', 200, ms, null, null);
    }
    const last = a === attempts - 1;
    const failure: SyncFailure | null = last
      ? accepted(h.outcome[j]!)
        ? null
        : (o as SyncFailure)
      : rng.pick(['server', 'rate_limit'] as const);
    if (failure) {
      const e = SYNC_ERRORS[failure];
      const ms = rng.int(e.ms[0], e.ms[1]);
      at += ms;
      lastRequestId = call(at, 'documents.send', '/api/v1/send', e.status, ms, e.code, sendKey);
      if (!last) at += BACKOFF[Math.min(a, BACKOFF.length - 1)]!;
    } else {
      const ms = tailDuration(rng, rng.int(200, 1200));
      at += ms;
      lastRequestId = call(at, 'documents.send', '/api/v1/send', 202, ms, null, sendKey);
    }
  }

  const gorouteId = accepted(h.outcome[j]!) ? ctx.gorouteTransactionId() : null;
  const delivered = o === 'delivered';
  const doneAt = at + (gorouteId ? rng.int(5_000, 40_000) : 0);
  let error: { code: string; category: ErrorCategory; retryable: boolean; message: string; details: unknown } | null =
    null;
  if (o === 'validation') {
    const v =
      VALIDATION[
        rng.weighted<ValidationCase>([
          ['br_co_15', 5],
          ['br_s_08', 3],
          ['peppol_r001', 2],
        ])
      ];
    error = {
      code: 'VALIDATION_ERROR',
      category: 'validation',
      retryable: false,
      message: `Document validation failed: ${v.details.length} error${v.details.length > 1 ? 's' : ''}`,
      details: v.details,
    };
  } else if (!delivered) {
    const e = SYNC_ERRORS[o as SyncFailure];
    const recipient = {
      name: customer.name,
      vatId: customer.vatId,
      peppolId: customer.peppolId,
      country: customer.country,
    };
    error = {
      code: e.code,
      category: e.category,
      retryable: false,
      message: e.message({ recipient } as never),
      details: e.status === null ? null : [],
    };
  }
  if (gorouteId && t >= eras.webhooksFrom) {
    const event = delivered ? 'transaction.delivered' : 'transaction.failed';
    const data = delivered
      ? {
          transaction_id: gorouteId,
          invoice_number: invoiceNumber,
          status: 'delivered',
          receiver: { ...receiver, name: customer.name },
          delivered_at: new Date(doneAt - 400).toISOString(),
          message_id: `${ctx.ids.uuid()}@as4.goroute.ai`,
        }
      : {
          transaction_id: gorouteId,
          invoice_number: invoiceNumber,
          status: 'failed',
          error: { code: error!.code, message: error!.message, details: error!.details },
          failed_at: new Date(doneAt - 200).toISOString(),
        };
    const hook = gorouteDelivery(ctx, rng, event, data, {
      t: doneAt,
      processing: 'processed',
      effectKey: `${gorouteId}:${event}`,
    });
    sink.webhook(retained({ ...hook, receivedAt: new Date(doneAt), documentId: null, transactionId: id }, ctx.now));
  }
  sink.transaction({
    id,
    gorouteTransactionId: gorouteId,
    documentId: null,
    direction: 'outbound',
    documentType: rng.chance(0.03) ? 'credit_note' : 'invoice',
    invoiceNumber,
    // In the supplier's name, from its own Peppol ID (docs/business.md).
    senderScheme: supplier.peppolScheme,
    senderIdentifier: supplier.peppolIdentifier,
    senderName: supplier.name,
    receiverScheme: receiver.scheme,
    receiverIdentifier: receiver.identifier,
    receiverName: customer.name,
    receiverCountry: customer.country,
    status: delivered ? 'delivered' : 'failed',
    sendIdempotencyKey: sendKey,
    attempts,
    nextAttemptAt: null,
    lastErrorCode: error?.code ?? null,
    lastErrorCategory: error?.category ?? null,
    lastErrorRetryable: error ? false : null,
    lastErrorMessage: error?.message ?? null,
    lastErrorDetails: error?.details ?? null,
    lastRequestId,
    deadLetteredAt: error ? new Date(doneAt) : null,
    messageId: delivered ? `${ctx.ids.uuid()}@as4.goroute.ai` : null,
    currency: amounts.currency,
    totalAmount: formatCents(amounts.grossCents),
    taxAmount: formatCents(amounts.taxCents),
    // Retention cleared the UBL of delivered sends; a dead letter keeps it so it can be fixed and resent.
    ublXml: delivered
      ? null
      : buildUbl({
          invoiceNumber,
          issueDate: new Date(issueMs).toISOString().slice(0, 10),
          dueDate: new Date(issueMs + 30 * DAY).toISOString().slice(0, 10),
          amounts,
          buyerReference: sourceId,
          supplier: { endpoint: supplier.peppolId, name: supplier.name, vatId: supplier.vatId, iban: supplier.iban },
          customer: { endpoint: customer.peppolId, name: customer.name, vatId: customer.vatId },
        }),
    createdAt: new Date(t),
    updatedAt: new Date(doneAt),
    statusChangedAt: new Date(doneAt),
    deliveredAt: delivered ? new Date(doneAt - 400) : null,
  });
}

function inboundInvoice(
  ctx: ScaleContext,
  rng: Rng,
  sink: Sink,
  p: Parties,
  t: number,
  eras: HistoryEras,
  seq: Map<number, number>,
): void {
  // A business billing one of the hub's clients (a customer company: they trade both ways), to the client's Peppol ID.
  const supplier = rng.weighted(p.customers.map((c) => [c, 1 + ((c.index * 5) % 3)] as const));
  const client = p.suppliers[rng.int(0, p.suppliers.length - 1)]!;
  const sender = { ...splitPeppolId(supplier.peppolId), name: supplier.name };
  const receiver = { ...splitPeppolId(client.peppolId), name: client.name };
  const amounts = buildAmounts(rng, supplier, client.country);
  const issueDate = new Date(t - rng.int(0, 3) * DAY).toISOString().slice(0, 10);
  const n = (seq.get(supplier.index) ?? supplier.firstInvoiceSeq + 700_000) + 1;
  seq.set(supplier.index, n);
  const invoiceNumber = invoiceNumberFor(supplier, n, Number(issueDate.slice(0, 4)));
  const documentType = rng.chance(1 / 13) ? 'credit_note' : 'invoice';
  ctx.clock = t;
  const id = ctx.uuid();
  const gorouteId = ctx.gorouteTransactionId();
  const deliveredAt = new Date(t - rng.int(2, 20) * SECOND);
  let createdAt = t;
  if (t >= eras.webhooksFrom) {
    const hook = gorouteDelivery(
      ctx,
      rng,
      'document.received',
      {
        transaction_id: gorouteId,
        document_id: 'gdoc_' + ctx.unique.alnum(20),
        sender,
        receiver,
        document_type: documentType,
        invoice_number: invoiceNumber,
        issue_date: issueDate,
        currency: amounts.currency,
        total_amount: formatCents(amounts.grossCents),
        tax_amount: formatCents(amounts.taxCents),
        received_at: deliveredAt.toISOString(),
        download_url: `https://app.goroute.ai/peppol-api/api/v1/transactions/${gorouteId}/document`,
        attachments: [],
      },
      { t, processing: 'processed', effectKey: `${gorouteId}:document.received` },
    );
    const row = retained({ ...hook, receivedAt: new Date(t), documentId: null, transactionId: id }, ctx.now);
    sink.webhook(row);
    createdAt = row.processedAt?.getTime() ?? t;
    sink.event({
      documentId: null,
      transactionId: id,
      kind: 'webhook',
      title: 'GoRoute document.received',
      webhookDeliveryId: row.id,
      createdAt: new Date(createdAt),
    });
  }
  const young = t >= ctx.now - RETENTION_DAYS * DAY;
  sink.transaction({
    id,
    gorouteTransactionId: gorouteId,
    documentId: null,
    direction: 'inbound',
    documentType,
    invoiceNumber,
    senderScheme: sender.scheme,
    senderIdentifier: sender.identifier,
    senderName: sender.name,
    receiverScheme: receiver.scheme,
    receiverIdentifier: receiver.identifier,
    receiverName: receiver.name,
    receiverCountry: client.country,
    status: 'delivered',
    sendIdempotencyKey: null,
    attempts: 0,
    lastRequestId: null,
    messageId: `${ctx.ids.uuid()}@${supplier.slug.replace(/-/g, '')}.ap.example`,
    currency: amounts.currency,
    totalAmount: formatCents(amounts.grossCents),
    taxAmount: formatCents(amounts.taxCents),
    ublXml:
      young && rng.chance(1 / 11)
        ? buildUbl({
            invoiceNumber,
            issueDate,
            dueDate: new Date(t + 30 * DAY).toISOString().slice(0, 10),
            amounts,
            buyerReference: `PO-${rng.digits(6)}`,
            supplier: { endpoint: supplier.peppolId, name: supplier.name, vatId: supplier.vatId, iban: supplier.iban },
            customer: { endpoint: client.peppolId, name: client.name, vatId: client.vatId },
          })
        : null,
    createdAt: new Date(createdAt),
    updatedAt: new Date(createdAt),
    statusChangedAt: new Date(createdAt),
    deliveredAt,
  });
}

/** Historical sends and inbound invoices, merged in time order; yields now and then so COPYs can stream. */
export async function writeTransactions(
  ctx: ScaleContext,
  sink: Sink,
  p: Parties,
  h: HistoryPlans,
  eras: HistoryEras,
  sourceId: (j: number, t: number) => string,
  seed: number,
): Promise<void> {
  const rng = new Rng(seed);
  const inboundSeq = new Map<number, number>();
  let j = 0;
  let k = 0;
  for (let n = 0; j < h.outTimes.length || k < h.inTimes.length; n++) {
    if (k >= h.inTimes.length || (j < h.outTimes.length && h.outTimes[j]! <= h.inTimes[k]!)) {
      historicalSend(ctx, rng, sink, p, h, eras, j, sourceId(j, h.outTimes[j]!));
      j++;
    } else inboundInvoice(ctx, rng, sink, p, h.inTimes[k++]!, eras, inboundSeq);
    if (n % 16 === 15) await breathe(sink);
  }
}
