// Puts XSS payloads where untrusted text enters the console: through the real receivers (signed and unsigned
// webhooks: inbound invoices, provider error messages, event names, raw headers and bodies) and, where no
// request path exists (values exdata extracted, vendor names), straight into the rows. Every payload calls
// window.__xss(n) or alert(n), so the browser check can tell which one ran.
import { createHmac, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { one, probe } from './http-probe';
import type { ReliabilityStack } from './types';

let n = 0;
/** Payload shapes: markup, event handlers, attribute break-outs, URLs, frames and a dialog. */
const shapes = [
  (i: number) => `<script>__xss(${i})</script>`,
  (i: number) => `<img src=x onerror=__xss(${i})>`,
  (i: number) => `"><svg onload=__xss(${i})>`,
  (i: number) => `javascript:__xss(${i})//`,
  (i: number) => `'><iframe src="javascript:parent.__xss(${i})"></iframe>`,
  (i: number) => `</textarea><details open ontoggle=__xss(${i})>`,
  (i: number) => `"><script>alert(${i})</script>`,
];
export const payload = () => {
  n += 1;
  return shapes[n % shapes.length]!(n);
};

const hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

export type Planted = {
  /** Pages to open and, for each, payload texts that must be visible on it as text. */
  pages: { path: string; shows: string[] }[];
  restore: () => Promise<void>;
};

async function waitProcessed(db: pg.Pool, provider: string, deliveryId: string) {
  for (let i = 0; i < 60; i++) {
    const r = await one<{ processing_result: string; id: string }>(
      db,
      `select id, processing_result::text from webhook_deliveries where provider = $1 and delivery_id = $2 and signature_result = 'valid'`,
      [provider, deliveryId],
    );
    if (r && r.processing_result !== 'queued') return r;
    await new Promise((res) => setTimeout(res, 1_000));
  }
  throw new Error(`${provider} delivery ${deliveryId} was not processed within 60 s`);
}

export async function plant(stack: ReliabilityStack, db: pg.Pool, workDir: string): Promise<Planted> {
  const pages: Planted['pages'] = [];
  const post = async (
    provider: 'goroute' | 'exdata',
    label: string,
    body: string,
    headers: Record<string, string>,
    sign = true,
  ) => {
    const sig: Record<string, string> =
      provider === 'goroute'
        ? { 'x-goroute-signature': `sha256=${hmac(stack.webhookSecrets.goroute, body)}` }
        : { 'x-signature': hmac(stack.webhookSecrets.exdata, body) };
    const res = await probe(workDir, `plant-${label}`, `${stack.baseUrl}/api/webhooks/${provider}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers, ...(sign ? sig : {}) },
    });
    if (res.status !== (sign ? 200 : 401))
      throw new Error(`planting ${label}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  };

  // 1. An inbound Peppol invoice (GoRoute document.received): participant names, IDs, invoice number, type.
  const inbound = {
    txn: `tx_xss_${randomUUID()}`,
    number: payload(),
    sender: payload(),
    receiver: payload(),
    type: payload(),
  };
  const evIn = `evt_xss_${randomUUID()}`;
  await post(
    'goroute',
    'inbound',
    JSON.stringify({
      event: 'document.received',
      event_id: evIn,
      timestamp: new Date().toISOString(),
      organization_id: 'org_xss',
      data: {
        transaction_id: inbound.txn,
        document_id: payload(),
        document_type: inbound.type,
        invoice_number: inbound.number,
        currency: 'EUR',
        total_amount: '121.00',
        tax_amount: '21.00',
        sender: { identifier: '0208:0790123495', name: inbound.sender },
        receiver: { identifier: `0208:${payload()}`, name: inbound.receiver },
        received_at: new Date().toISOString(),
        download_url: payload(),
      },
    }),
    { 'x-goroute-event-id': evIn },
  );
  await waitProcessed(db, 'goroute', evIn);
  const inboundId = (
    await one<{ id: string }>(db, `select id from transactions where goroute_transaction_id = $1`, [inbound.txn])
  ).id;
  pages.push(
    { path: '/transactions?direction=inbound', shows: [inbound.sender] },
    { path: `/transactions/${inboundId}`, shows: [inbound.sender, inbound.number] },
  );

  // 2. A provider error message on a send (GoRoute transaction.failed with rule details), through the receiver
  //    when a send is in flight, else written to the row (the path the worker's send job would take).
  const err = { code: 'VALIDATION_ERROR', message: payload(), rule: payload(), location: payload(), detail: payload() };
  const inflight = await one<{ id: string; goroute_transaction_id: string; document_id: string | null }>(
    db,
    `select id, goroute_transaction_id, document_id from transactions where direction = 'outbound' and status in ('pending', 'processing', 'sending') and goroute_transaction_id is not null and document_id is not null limit 1`,
  );
  let sendDoc: string | null;
  if (inflight) {
    const ev = `evt_xss_${randomUUID()}`;
    await post(
      'goroute',
      'send-failed',
      JSON.stringify({
        event: 'transaction.failed',
        event_id: ev,
        timestamp: new Date().toISOString(),
        organization_id: 'org_xss',
        data: {
          transaction_id: inflight.goroute_transaction_id,
          error: {
            code: err.code,
            message: err.message,
            details: [{ rule: err.rule, location: err.location, message: err.detail }],
          },
        },
      }),
      { 'x-goroute-event-id': ev },
    );
    await waitProcessed(db, 'goroute', ev);
    sendDoc = inflight.document_id;
  } else {
    const failed = await one<{ id: string; document_id: string }>(
      db,
      `select id, document_id from transactions where direction = 'outbound' and status = 'failed' and document_id is not null limit 1`,
    );
    await db.query(`update transactions set last_error_message = $2, last_error_details = $3 where id = $1`, [
      failed.id,
      err.message,
      JSON.stringify([{ rule: err.rule, location: err.location, message: err.detail }]),
    ]);
    sendDoc = failed.document_id;
  }
  pages.push({ path: `/documents/${sendDoc}`, shows: [err.message, err.detail] }, { path: '/failures', shows: [] });

  // 3. An extraction error message (exdata document.failed) on a document exdata knows.
  const exdoc = await one<{ id: string; exdata_document_id: string }>(
    db,
    `select id, exdata_document_id from documents where exdata_document_id is not null order by (pipeline_state in ('extracting', 'extraction_failed')) desc, created_at desc limit 1`,
  );
  const exMessage = payload();
  const exDelivery = randomUUID();
  await post(
    'exdata',
    'extraction-failed',
    JSON.stringify({
      event: 'document.failed',
      data: {
        id: exdoc.exdata_document_id,
        status: 'error',
        request_id: payload(),
        error: { code: 'document_unreadable', message: exMessage },
      },
    }),
    {
      'x-event': 'document.failed',
      'x-delivery': exDelivery,
      'x-timestamp': String(Math.floor(Date.now() / 1000)),
      'user-agent': 'exdata-webhooks/1.0',
    },
  );
  const exRow = await waitProcessed(db, 'exdata', exDelivery);
  pages.push(
    { path: `/documents/${exdoc.id}`, shows: [exMessage] },
    { path: `/webhooks/${exRow.id}`, shows: [exMessage] },
  );

  // 4. Hostile headers and bodies: a rejected (unsigned) delivery and an unknown event name, as support sees them.
  const hostile = { event: payload(), delivery: payload(), header: payload(), body: payload() };
  await post(
    'exdata',
    'rejected',
    JSON.stringify({ event: hostile.event, note: hostile.body }),
    { 'x-event': hostile.event, 'x-delivery': hostile.delivery, 'x-note': hostile.header, 'x-timestamp': 'now' },
    false,
  );
  const rejected = await one<{ id: string }>(
    db,
    `select id from webhook_deliveries where provider = 'exdata' and delivery_id = $1`,
    [hostile.delivery],
  );
  const unknownEvent = payload();
  const evUnknown = `evt_xss_${randomUUID()}`;
  await post(
    'goroute',
    'unknown-event',
    JSON.stringify({
      event: unknownEvent,
      event_id: evUnknown,
      timestamp: new Date().toISOString(),
      organization_id: payload(),
      data: { note: payload() },
    }),
    { 'x-goroute-event-id': evUnknown },
  );
  pages.push(
    { path: '/webhooks?result=rejected', shows: [hostile.event] },
    { path: `/webhooks/${rejected.id}`, shows: [hostile.header, hostile.body] },
    { path: '/webhooks', shows: [unknownEvent] },
  );

  // 5. No request path sets these: extracted values and candidates, the vendor name, the file name. Restored
  // afterwards.
  const review = await one<{ id: string; vendor_id: string | null; filename: string; sender_name: string | null }>(
    db,
    `select id, vendor_id, filename, sender_name from documents where pipeline_state = 'in_review' and vendor_id is not null order by created_at limit 1`,
  );
  const fields = (
    await db.query<{ id: string; value: string | null; candidates: string[] | null }>(
      `select id, value, candidates from extracted_fields where document_id = $1 and review_state = 'needs_review'`,
      [review.id],
    )
  ).rows;
  const vendor = await one<{ name: string }>(db, `select name from vendors where id = $1`, [review.vendor_id]);
  const planted = { vendor: payload(), filename: payload(), value: payload(), candidate: payload(), sender: payload() };
  await db.query(`update vendors set name = $2 where id = $1`, [review.vendor_id, planted.vendor]);
  await db.query(`update documents set filename = $2, sender_name = $3 where id = $1`, [
    review.id,
    planted.filename,
    planted.sender,
  ]);
  await db.query(`update extracted_fields set value = $2, candidates = array[$3, $2] where id = any($1)`, [
    fields.map((f) => f.id),
    planted.value,
    planted.candidate,
  ]);
  pages.push(
    { path: '/review', shows: [planted.vendor] },
    { path: `/review/${review.id}`, shows: fields.length ? [planted.value, planted.candidate] : [] },
    { path: `/documents/${review.id}`, shows: [planted.filename] },
    { path: '/documents?state=in_review', shows: [planted.vendor] },
  );

  // 6. Payloads in the URL: filters and the search box reflect what was typed.
  const typed = { search: payload(), vendor: payload(), participant: payload(), actor: payload() };
  pages.push(
    { path: `/search?q=${encodeURIComponent(typed.search)}`, shows: [typed.search] },
    { path: `/documents?vendor=${encodeURIComponent(typed.vendor)}`, shows: [] },
    { path: `/transactions?participant=${encodeURIComponent(typed.participant)}`, shows: [] },
    { path: `/audit?actor=${encodeURIComponent(typed.actor)}`, shows: [] },
    { path: '/', shows: [] },
    { path: '/alerts', shows: [] },
    { path: '/settings', shows: [] },
    { path: '/transactions/lookup', shows: [] },
    { path: '/no-such-page', shows: [] },
  );

  return {
    pages,
    restore: async () => {
      await db.query(`update vendors set name = $2 where id = $1`, [review.vendor_id, vendor.name]);
      await db.query(`update documents set filename = $2, sender_name = $3 where id = $1`, [
        review.id,
        review.filename,
        review.sender_name,
      ]);
      for (const f of fields)
        await db.query(`update extracted_fields set value = $2, candidates = $3 where id = $1`, [
          f.id,
          f.value,
          f.candidates,
        ]);
    },
  };
}
