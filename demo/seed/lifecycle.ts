// One document's life, told once for both seeds: the demo seed (documents.ts, ~150 hand-made plans) and
// seed:scale (scale/run.ts, up to a million generated ones) both hand a plan to tellDocument, which
//   1. lets the document arrive: supplier and customer, the supplier's next invoice number, amounts, the file;
//   2. tells its story: received → uploading (rate limited, rejected 422, blocked on credits and retried) →
//      extracting (queued, processing, stuck, failed or completed, with exdata's webhook deliveries and the
//      occasional replay) → review (review.ts) → the outbound send through GoRoute (sending.ts), and for a
//      dead letter support fixed and resent, the second send;
//   3. pushes the documents row last, from where the story ended (document-row.ts).
// Every row lands in ctx.data. What differs between the seeds stays with them: the plans and source ids (and the
// demo's file bytes, files.ts) with each caller; ids, the kind of Story and the latency tail with the context
// (SeedContext for the demo, ScaleContext for scale, which also streams the rows out with COPY after each story).
import type { PipelineState } from '@/db/schema';
import { invoiceNumberFor, OUR_COMPANY, type Company } from '@/demo/world/companies';
import { buildAmounts } from '@/demo/world/amounts';
import type { Rng } from '@/demo/world/prng';
import { EXTRACTION_ERRORS, type DocState } from './doc-state';
import { documentRow } from './document-row';
import type { DocPlan } from './plans';
import { runReview } from './review';
import { runOutbound } from './sending';
import { DAY, HOUR, MINUTE, type SeedContext, type Story } from './story';
import { exdataDelivery, exdataDocumentData } from './webhooks';

type Move = (to: PipelineState, detail?: Record<string, unknown>) => void;

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Who the documents are from and for, and each supplier's invoice sequence so far. */
export interface Parties {
  suppliers: Company[];
  approvedSuppliers: Company[];
  customers: Company[];
  /** The vendors row of each company, by company index. */
  vendorIds: string[];
  /** Last invoice sequence used, per company index (absent: the company's firstInvoiceSeq). */
  seq: Map<number, number>;
}

export function partiesOf(companies: Company[], vendorIds: string[]): Parties {
  const suppliers = companies.filter((c) => c.role === 'supplier');
  return {
    suppliers,
    approvedSuppliers: suppliers.filter((c) => c.approved),
    customers: companies.filter((c) => c.role === 'customer'),
    vendorIds,
    seq: new Map(),
  };
}

/** The supplier's next invoice number, in the year of its issue date. */
export function nextInvoiceNumber(p: Parties, c: Company, issueMs: number): string {
  const n = (p.seq.get(c.index) ?? c.firstInvoiceSeq) + 1;
  p.seq.set(c.index, n);
  return invoiceNumberFor(c, n, new Date(issueMs).getUTCFullYear());
}

/** One planned document, from arrival to where its plan ends; its rows land in ctx.data (documents row last). */
export function tellDocument(ctx: SeedContext, rng: Rng, p: Parties, plan: DocPlan, sourceId: string): void {
  runDocument(ctx, rng, arrive(ctx, rng, p, plan, sourceId), p.customers);
}

/** Supplier, customer, amounts, file: the document as it arrives. */
function arrive(ctx: SeedContext, rng: Rng, p: Parties, plan: DocPlan, sourceId: string): DocState {
  const needsKnownVendor = plan.issues?.some((x) => x === 'iban_changed' || x === 'vat_mismatch');
  const pool = needsKnownVendor ? p.approvedSuppliers : p.suppliers;
  const supplier = rng.weighted(pool.map((c) => [c, 1 + ((c.index * 7) % 4)] as const));
  const sameCountry = p.customers.filter((c) => c.country === supplier.country);
  const customer = sameCountry.length > 0 && rng.chance(0.8) ? rng.pick(sameCountry) : rng.pick(p.customers);
  const issueMs = plan.createdAt - rng.int(0, 4) * DAY - rng.int(0, 8) * HOUR;
  const invoiceNumber = nextInvoiceNumber(p, supplier, issueMs);
  const kind =
    plan.file ??
    rng.weighted([
      ['pdf', 88],
      ['png', 7],
      ['jpg', 5],
    ] as const);
  const stamp = new Date(plan.createdAt).toISOString().replace(/[-:T]/g, '').slice(0, 12);
  const rejected = plan.upload === 'rejected_422';
  const filename = rejected
    ? `IMG_${stamp.slice(0, 8)}_${stamp.slice(8)}.heic`
    : kind === 'pdf'
      ? `${invoiceNumber.replace(/[/.\s]/g, '-')}_${supplier.slug}.pdf`
      : kind === 'png'
        ? `scan_${stamp.slice(0, 8)}_${stamp.slice(8)}.png`
        : `IMG_${rng.int(1000, 9999)}.jpg`;
  const fileFormat = rejected ? 'heic' : kind;
  const fileSize = fileFormat === 'pdf' ? rng.int(38_000, 1_400_000) : rng.int(300_000, 4_500_000);
  const currency = rng.chance(0.04) ? rng.pick(['USD', 'GBP']) : 'EUR';
  const amounts = buildAmounts(rng, supplier, customer.country, currency);
  const id = ctx.uuid();
  return {
    id,
    sourceId,
    plan,
    supplier,
    vendorId: p.vendorIds[supplier.index]!,
    recipient: { name: customer.name, vatId: customer.vatId, peppolId: customer.peppolId, country: customer.country },
    amounts,
    invoiceNumber,
    issueDate: isoDate(issueMs),
    dueDate: isoDate(issueMs + rng.pick([14, 30, 30, 30, 45, 60]) * DAY),
    info: {
      id: '',
      filename,
      fileFormat,
      fileSize,
      locale: supplier.locale,
      requester: OUR_COMPANY.inbox,
      createdAt: plan.createdAt,
    },
    uploadAttempt: 1,
    exdataStatus: null,
    processingStage: null,
    state: 'received',
    extracted: false,
    grossAmount: null,
    lastRequestId: null,
    lastError: null,
    blocked: null,
    claim: null,
  };
}

function runDocument(ctx: SeedContext, rng: Rng, d: DocState, customers: Company[]): void {
  const { plan } = d;
  const s = ctx.story(plan.createdAt, d.id);
  const move: Move = (to, detail) => {
    s.transition(d.state, to, detail);
    d.state = to;
  };
  const exId = () => d.info.id;
  const uploadKey = () => `upload:${d.sourceId}:${d.uploadAttempt}`;
  const finish = () => void ctx.data.documents.push(documentRow(d, s));

  s.transition(null, 'received', { filename: d.info.filename, requester: d.info.requester });
  if (plan.state === 'received') return finish();
  s.wait(rng.int(2_000, 25_000));
  move('uploading');
  if (plan.upload === 'in_flight') return finish();

  const upload = (status: number, errorCode?: string) => {
    const requestId = ctx.exdataRequestId();
    d.lastRequestId = requestId;
    s.call({
      provider: 'exdata',
      operation: 'documents.upload',
      method: 'POST',
      path: '/api/v1/documents',
      status,
      durationMs: status === 201 ? rng.int(350, 1600) : status === 402 ? rng.int(120, 400) : rng.int(25, 120),
      requestId,
      idempotencyKey: uploadKey(),
      errorCode,
    });
    return requestId;
  };

  if (plan.upload === 'rate_limited') {
    upload(429, 'retry_after');
    d.lastError = {
      code: 'retry_after',
      message: 'Too many requests. Retry after 30 seconds.',
      details: { retry_after: 30 },
    };
    s.system('exdata rate limit: upload retries after 30 s (Retry-After), same idempotency key');
    return finish();
  }
  if (plan.upload === 'rejected_422') {
    upload(422, 'validation_failed');
    d.lastError = {
      code: 'validation_failed',
      message: 'The given data was invalid.',
      details: { errors: { file: ['The file must be a file of type: pdf, png, jpg, jpeg, tiff.'] } },
    };
    move('extraction_failed', { code: 'validation_failed', requestId: d.lastRequestId });
    s.system('Upload rejected by exdata (422): routed to support, no automatic retry');
    return finish();
  }
  if (plan.upload === 'credits_blocked' || plan.upload === 'credits_retried') {
    d.info.id = ctx.exdataDocumentId();
    const requestId = upload(402, 'insufficient_credits');
    d.exdataStatus = 'blocked';
    d.lastError = {
      code: 'insufficient_credits',
      message: 'Your account has insufficient credits to process this document.',
      details: null,
    };
    ctx.facts.creditFailures.push({ at: s.t, requestId, documentId: d.id, sourceId: d.sourceId });
    s.wait(rng.int(800, 4_000));
    s.webhook(
      exdataDelivery(
        ctx,
        rng,
        'document.blocked',
        exdataDocumentData(d.info, 'blocked', s.t - 500, ctx.exdataRunId(), {
          error: { code: 'insufficient_credits', message: d.lastError.message },
        }),
        {
          t: s.t,
          processing: 'processed',
          effectKey: `${exId()}:document.blocked:blocked`,
        },
      ),
    );
    const reason =
      'exdata 402 insufficient_credits — automatic retries stopped; retry with a new idempotency key once credits are topped up';
    d.blocked = { reason, by: null, at: s.date };
    move('blocked', { code: 'insufficient_credits', requestId });
    s.system('Automatic retries stopped (402 insufficient credits); account owner alerted');
    if (plan.upload === 'credits_blocked') return finish();

    s.waitUntil(plan.creditsRetryAt!);
    s.human('support', 'Retried upload with a new idempotency key after credits were topped up', {
      action: 'document.retry',
      targetType: 'document',
      targetId: d.id,
      before: { upload_idempotency_key: uploadKey(), exdata_status: 'blocked' },
      after: { upload_idempotency_key: `upload:${d.sourceId}:2` },
      note: 'Credits topped up by admin; retrying with a new key',
    });
    d.uploadAttempt = 2;
    d.blocked = null;
    d.lastError = null;
    move('uploading');
  }

  d.info.id = ctx.exdataDocumentId();
  upload(201);
  d.exdataStatus = 'pending';
  d.processingStage = 'queued';
  move('extracting', { exdataDocumentId: exId(), processingStage: 'queued' });
  const poll = (stage: string) => {
    const requestId = ctx.exdataRequestId();
    d.lastRequestId = requestId;
    s.call({
      provider: 'exdata',
      operation: 'documents.get',
      method: 'GET',
      path: `/api/v1/documents/${exId()}`,
      status: 200,
      durationMs: rng.int(60, 260),
      requestId,
    });
    d.processingStage = stage;
  };

  switch (plan.extraction) {
    case 'queued':
      return finish();
    case 'processing':
    case 'processing_webhook_queued':
      s.wait(rng.int(60_000, 150_000));
      poll('processing');
      if (plan.extraction === 'processing_webhook_queued') {
        s.waitUntil(ctx.now - rng.int(2_000, 6_000));
        s.webhook(
          exdataDelivery(
            ctx,
            rng,
            'document.completed',
            exdataDocumentData(d.info, 'completed', s.t - 700, ctx.exdataRunId()),
            {
              t: s.t,
              processing: 'queued',
              effectKey: `${exId()}:document.completed:completed`,
              duplicates: 0,
            },
          ),
          'received, processing queued',
        );
      }
      return finish();
    case 'stuck':
    case 'stuck_webhook_failed': {
      const since = s.t;
      ctx.facts.pendingExdata.push({ documentId: d.id, sourceId: d.sourceId, exdataDocumentId: exId(), since });
      s.wait(rng.int(60_000, 120_000));
      poll('processing');
      if (plan.extraction === 'stuck_webhook_failed') {
        s.wait(rng.int(3, 8) * MINUTE);
        const hook = exdataDelivery(
          ctx,
          rng,
          'document.completed',
          exdataDocumentData(d.info, 'completed', s.t - 900, ctx.exdataRunId()),
          {
            t: s.t,
            processing: 'failed',
            effectKey: `${exId()}:document.completed:completed`,
            duplicates: 0,
          },
        );
        s.webhook(hook);
        const requestId = ctx.exdataRequestId();
        s.call({
          provider: 'exdata',
          operation: 'documents.extractions',
          method: 'GET',
          path: `/api/v1/documents/${exId()}/extractions`,
          status: 503,
          durationMs: rng.int(900, 2500),
          requestId,
          errorCode: 'service_unavailable',
        });
        hook.processingError = `Fetching the extraction failed: exdata GET /api/v1/documents/${exId()}/extractions → 503 (${requestId}); extraction not stored`;
        s.system('Webhook processing failed; document stays pending until the delivery is reprocessed');
      }
      // The pending-too-long sweep polls now and then; exdata still answers "processing".
      for (let k = 0; k < 4 && s.t + 50 * MINUTE < ctx.now; k++) {
        s.wait(rng.int(35, 50) * MINUTE);
        poll('processing');
      }
      d.processingStage = 'processing';
      return finish();
    }
  }

  s.wait(rng.int(25_000, 240_000));
  const runId = ctx.exdataRunId();
  if (plan.extraction === 'error') {
    const err = EXTRACTION_ERRORS[plan.errorCase! % EXTRACTION_ERRORS.length]!;
    const requestId = ctx.exdataRequestId();
    s.webhook(
      exdataDelivery(
        ctx,
        rng,
        'document.failed',
        exdataDocumentData(d.info, 'error', s.t - 600, runId, { error: { ...err, request_id: requestId } }),
        {
          t: s.t,
          processing: 'processed',
          effectKey: `${exId()}:document.failed:error`,
        },
      ),
    );
    poll('failed');
    d.exdataStatus = 'error';
    d.processingStage = null;
    d.lastRequestId = requestId;
    d.lastError = { ...err, details: { request_id: requestId, extraction_run_id: runId } };
    move('extraction_failed', { code: err.code, requestId });
    s.system(`Routed to support: extraction failed (${err.code}), request ${requestId}`);
    return finish();
  }

  // Extraction completed.
  const completedAt = s.t;
  s.webhook(
    exdataDelivery(ctx, rng, 'document.completed', exdataDocumentData(d.info, 'completed', s.t - 600, runId), {
      t: s.t,
      processing: 'processed',
      effectKey: `${exId()}:document.completed:completed`,
    }),
  );
  poll('completed');
  const requestId = ctx.exdataRequestId();
  s.call({
    provider: 'exdata',
    operation: 'documents.extractions',
    method: 'GET',
    path: `/api/v1/documents/${exId()}/extractions`,
    status: 200,
    durationMs: rng.int(80, 420),
    requestId,
  });
  d.lastRequestId = requestId;
  d.exdataStatus = 'completed';
  d.processingStage = null;
  d.extracted = true;
  // exdata sometimes replays a delivery with a new delivery ID: stored, recognised by its effect key, no effect.
  const replayAt = completedAt + rng.int(4, 55) * MINUTE;
  if (rng.chance(0.06) && replayAt < ctx.now - MINUTE) {
    ctx.story(replayAt, d.id).webhook(
      exdataDelivery(
        ctx,
        rng,
        'document.completed',
        exdataDocumentData(d.info, 'completed', completedAt - 600, runId),
        {
          t: replayAt,
          processing: 'duplicate_effect',
          effectKey: `${exId()}:document.completed:completed`,
          duplicates: 0,
        },
      ),
      'replay, effect already applied',
    );
  }

  if (!runReview(ctx, rng, s, d, customers, move)) return finish();
  runOutbound(ctx, rng, s, d, move);
  if (plan.resent) resendAfterFix(ctx, rng, s, d, move);
  return finish();
}

/**
 * Support corrected the field GoRoute's validation objected to and resent: a second outbound transaction with
 * the app's resend key (send:<source id>:r1), delivered. The dead-lettered first send stays as it was.
 */
function resendAfterFix(ctx: SeedContext, rng: Rng, s: Story, d: DocState, move: Move): void {
  s.transactionId = null;
  s.waitUntil(Math.min(s.t + rng.int(40 * MINUTE, 2 * DAY), ctx.now - 2 * HOUR));
  s.human('support', 'Fixed and resent (gross_amount)', {
    action: 'transaction.resend',
    targetType: 'document',
    targetId: d.id,
    before: { gross_amount: d.grossAmount },
    after: { gross_amount: d.grossAmount },
    note: 'Corrected the VAT total the receiver rejected (BR-CO-15) and resent',
  });
  const sourceId = d.sourceId;
  d.sourceId = `${sourceId}:r1`;
  d.plan = { ...d.plan, sendAt: undefined, send: { kind: 'delivered' } };
  runOutbound(ctx, rng, s, d, move);
  d.sourceId = sourceId;
}
