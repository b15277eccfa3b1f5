// The parts of the demo that belong to no single document: webhook deliveries that were rejected, unmatched
// or ignored; alerts raised by the incidents the documents lived through; settings and admin actions.
import { decideAlerts, type Measures } from '@/lib/alerts/rules';
import { AlertThresholds } from '@/lib/alerts/thresholds';
import { PendingWindows } from '@/lib/rules/pending-windows';
import { Rng } from '@/demo/world/prng';
import { DAY, HOUR, MINUTE, type SeedContext, type WebhookRow } from './story';
import { exdataDelivery, exdataDocumentData, gorouteDelivery } from './webhooks';
import { GOROUTE_ORGANIZATION_ID } from '@/demo/world/accounts';

const SECOND = 1000;

const DEFAULT_SETTINGS = {
  pending_windows: {
    exdata_pending_minutes: 15,
    goroute_pending_minutes: 5,
    goroute_processing_minutes: 5,
    goroute_sending_minutes: 10,
  },
  alert_thresholds: {
    failure_rate_percent: 10,
    failure_rate_window_minutes: 15,
    signature_failures_per_hour: 5,
    webhook_silence_minutes: 60,
  },
  retention: { raw_payload_days: 90 },
};

function standalone(
  ctx: SeedContext,
  row: Omit<WebhookRow, 'receivedAt' | 'documentId' | 'transactionId'>,
  t: number,
): WebhookRow {
  const full: WebhookRow = { ...row, receivedAt: new Date(t), documentId: null, transactionId: null };
  ctx.data.webhookDeliveries.push(full);
  return full;
}

export function seedStandaloneWebhooks(ctx: SeedContext): { invalidLastHour: WebhookRow[] } {
  const rng = new Rng('webhooks');
  const now = ctx.now;
  const fakeTxn = () => 'txn_' + ctx.ids.alnum(20);
  const fakeDoc = (t: number) => ({
    id: ctx.exdataDocumentId(),
    filename: `invoice_${rng.digits(5)}.pdf`,
    fileFormat: 'pdf',
    fileSize: rng.int(40_000, 900_000),
    locale: 'nl-BE',
    requester: 'ops-test@invoice-hub.example',
    createdAt: t - rng.int(1, 5) * MINUTE,
  });

  // A burst of badly signed GoRoute deliveries in the last hour (the open signature_failures alert).
  const invalidLastHour: WebhookRow[] = [];
  for (let i = 0; i < 6; i++) {
    const t = now - rng.int(2, 58) * MINUTE;
    const event = rng.pick(['transaction.delivered', 'transaction.created']);
    invalidLastHour.push(
      standalone(
        ctx,
        gorouteDelivery(
          ctx,
          rng,
          event,
          { transaction_id: fakeTxn(), status: event === 'transaction.created' ? 'pending' : 'delivered' },
          {
            t,
            signature: 'invalid',
            processing: 'rejected',
            processingError: 'Signature mismatch (X-GoRoute-Signature); answered 401',
          },
        ),
        t,
      ),
    );
  }
  for (const t of [now - 5 * DAY - 3 * HOUR, now - 17 * DAY - 7 * HOUR]) {
    standalone(
      ctx,
      gorouteDelivery(
        ctx,
        rng,
        'transaction.delivered',
        { transaction_id: fakeTxn(), status: 'delivered' },
        {
          t,
          signature: 'invalid',
          processing: 'rejected',
          processingError: 'Signature mismatch (X-GoRoute-Signature); answered 401',
        },
      ),
      t,
    );
  }

  // Someone probing the exdata endpoint by hand: no signature, no delivery ID.
  for (const t of [now - 11 * DAY - 2 * HOUR, now - 11 * DAY - 2 * HOUR + 40 * SECOND]) {
    const row = exdataDelivery(
      ctx,
      rng,
      'document.completed',
      { id: 'doc_test', status: 'completed' },
      {
        t,
        signature: 'missing',
        processing: 'rejected',
        processingError: 'X-Signature header missing; answered 401',
        headers: { 'x-delivery': null, 'user-agent': 'curl/8.5.0' },
      },
    );
    standalone(ctx, { ...row, deliveryId: null }, t);
  }

  // Stale: correctly signed but far outside the 5-minute window (a replay from a queue that was stuck).
  const completed = ctx.data.documents.filter((d) => d.exdataStatus === 'completed' && d.exdataDocumentId);
  [904, 3721, 86_412].forEach((skew, i) => {
    const doc = completed[(i * 17) % completed.length]!;
    const t = Math.min(doc.createdAt!.getTime() + skew * SECOND + rng.int(5, 60) * MINUTE, now - HOUR);
    const info = {
      id: doc.exdataDocumentId!,
      filename: doc.filename,
      fileFormat: doc.fileFormat,
      fileSize: doc.fileSize,
      locale: doc.locale!,
      requester: doc.requester!,
      createdAt: doc.createdAt!.getTime(),
    };
    standalone(
      ctx,
      exdataDelivery(
        ctx,
        rng,
        'document.completed',
        exdataDocumentData(info, 'completed', t - skew * SECOND, ctx.exdataRunId()),
        {
          t,
          skew,
          signature: 'stale',
          processing: 'rejected',
          processingError: `X-Timestamp is ${skew} s old (tolerance 300 s); answered 401`,
        },
      ),
      t,
    );
  });
  {
    const t = now - 2 * DAY - 6 * HOUR;
    standalone(
      ctx,
      exdataDelivery(
        ctx,
        rng,
        'document.completed',
        exdataDocumentData(fakeDoc(t), 'completed', t, ctx.exdataRunId()),
        {
          t,
          signature: 'invalid',
          processing: 'rejected',
          processingError: 'Signature mismatch (X-Signature); answered 401',
        },
      ),
      t,
    );
  }

  // Unmatched: valid deliveries about things this console never created (uploads made in exdata's dashboard).
  for (const t of [now - 8 * DAY - 4 * HOUR, now - 8 * DAY - 4 * HOUR + 7 * MINUTE]) {
    const info = fakeDoc(t);
    standalone(
      ctx,
      exdataDelivery(
        ctx,
        rng,
        'document.completed',
        exdataDocumentData(info, 'completed', t - 600, ctx.exdataRunId()),
        {
          t,
          processing: 'unmatched',
          processingError: `No local document has exdata ID ${info.id} (uploaded outside this console?)`,
          effectKey: `${info.id}:document.completed:completed`,
        },
      ),
      t,
    );
  }
  {
    const t = now - 4 * DAY - 9 * HOUR;
    const txn = fakeTxn();
    standalone(
      ctx,
      gorouteDelivery(
        ctx,
        rng,
        'transaction.delivered',
        {
          transaction_id: txn,
          status: 'delivered',
          delivered_at: new Date(t - 800).toISOString(),
          message_id: `${ctx.ids.uuid()}@as4.goroute.ai`,
        },
        {
          t,
          processing: 'unmatched',
          processingError: `No local transaction has GoRoute ID ${txn}`,
        },
      ),
      t,
    );
    const t2 = t - 40 * SECOND;
    standalone(
      ctx,
      gorouteDelivery(
        ctx,
        rng,
        'document.validated',
        {
          transaction_id: txn,
          valid: true,
          validation_layers: { schema: true, schematron: true, business_rules: true },
          errors: [],
          warnings: [],
        },
        {
          t: t2,
          processing: 'unmatched',
          processingError: `No local transaction has GoRoute ID ${txn}`,
        },
      ),
      t2,
    );
  }

  // An event type this console does not know: stored and shown, not processed.
  for (const t of [now - 21 * DAY, now - 6 * DAY - 5 * HOUR, now - 20 * HOUR]) {
    standalone(
      ctx,
      gorouteDelivery(
        ctx,
        rng,
        'participant.updated',
        {
          participant_id: '0208:0790123495',
          organization_id: GOROUTE_ORGANIZATION_ID,
          registered: true,
          capabilities: [
            {
              document_type:
                'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1',
              process_id: 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0',
            },
            {
              document_type:
                'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1',
              process_id: 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0',
            },
          ],
          updated_at: new Date(t - 1500).toISOString(),
        },
        { t, processing: 'ignored', processingError: 'Unknown event type participant.updated: stored, not processed' },
      ),
      t,
    );
  }
  return { invalidLastHour };
}

/**
 * What the alert rules (lib/alerts/rules.ts) say for the seed's own figures: each seeded alert takes its title and
 * summary from there, so it reads exactly as the live one the worker bumps it into (no count in a title to go stale).
 */
function ruleFindings(
  ctx: SeedContext,
  invalidLastHour: WebhookRow[],
): (dedupeKey: string) => { title: string; summary: string } {
  const f = ctx.facts;
  const none = { count: 0, sample: [] };
  const measures: Measures = {
    now: new Date(ctx.now),
    pendingTooLong: {
      exdata: { ...none, count: f.pendingExdata.length },
      goroute: { ...none, count: f.stuckTransactions.length },
      review: none,
    },
    sendOutcomes: { failed: f.burstFailures.length, total: f.burstFailures.length + 3 },
    signatureRejections: {
      goroute: { count: invalidLastHour.length, byResult: { invalid: invalidLastHour.length } },
      exdata: { count: 0, byResult: {} },
    },
    signInFailures: { count: 0, clients: 0, emails: 0 },
    webhooks: {
      goroute: { lastVerifiedAt: null, waitingInFlight: 0 },
      exdata: { lastVerifiedAt: null, waitingInFlight: 0 },
    },
  };
  const findings = decideAlerts(
    measures,
    AlertThresholds.parse(DEFAULT_SETTINGS.alert_thresholds),
    PendingWindows.parse(DEFAULT_SETTINGS.pending_windows),
  );
  return (dedupeKey) => {
    const found = findings.find((x) => x.dedupeKey === dedupeKey);
    if (!found) throw new Error(`the seed's figures do not raise ${dedupeKey}`);
    return { title: found.title, summary: found.detail.summary };
  };
}

export function seedAlerts(ctx: SeedContext, invalidLastHour: WebhookRow[]): void {
  const now = ctx.now;
  const f = ctx.facts;
  const windows = DEFAULT_SETTINGS.pending_windows;
  const said = ruleFindings(ctx, invalidLastHour);

  const pending = [...f.pendingExdata].sort((x, y) => x.since - y.since);
  if (pending.length > 0) {
    const first = pending[0]!.since + windows.exdata_pending_minutes * MINUTE;
    const { title, summary } = said('pending_too_long:exdata');
    ctx.data.alerts.push({
      id: ctx.uuid(),
      rule: 'pending_too_long',
      severity: 'warning',
      status: 'open',
      title,
      detail: {
        summary,
        provider: 'exdata',
        window_minutes: windows.exdata_pending_minutes,
        count: pending.length,
        items: pending.map((p) => ({
          document_id: p.documentId,
          source_id: p.sourceId,
          exdata_document_id: p.exdataDocumentId,
          pending_since: new Date(p.since).toISOString(),
        })),
      },
      dedupeKey: 'pending_too_long:exdata',
      occurrences: Math.max(1, Math.floor((now - first) / (5 * MINUTE))),
      firstSeenAt: new Date(first),
      lastSeenAt: new Date(now - 2 * MINUTE),
    });
  }
  const stuck = [...f.stuckTransactions].sort((x, y) => x.since - y.since);
  if (stuck.length > 0) {
    const first = stuck[0]!.since + windows.goroute_processing_minutes * MINUTE;
    const { title, summary } = said('pending_too_long:goroute');
    ctx.data.alerts.push({
      id: ctx.uuid(),
      rule: 'pending_too_long',
      severity: 'warning',
      status: 'open',
      title,
      detail: {
        summary,
        provider: 'goroute',
        windows_minutes: { processing: windows.goroute_processing_minutes, sending: windows.goroute_sending_minutes },
        count: stuck.length,
        items: stuck.map((s) => ({
          transaction_id: s.transactionId,
          goroute_transaction_id: s.gorouteTransactionId,
          status: s.status,
          since: new Date(s.since).toISOString(),
        })),
      },
      dedupeKey: 'pending_too_long:goroute',
      occurrences: Math.max(1, Math.floor((now - first) / (5 * MINUTE))),
      firstSeenAt: new Date(first),
      lastSeenAt: new Date(now - 2 * MINUTE),
    });
  }
  const credits = [...f.creditFailures].sort((x, y) => x.at - y.at);
  if (credits.length > 0) {
    const ackAt = credits[0]!.at + 35 * MINUTE;
    const alertId = ctx.uuid();
    ctx.data.alerts.push({
      id: alertId,
      rule: 'insufficient_credits',
      severity: 'critical',
      status: 'acknowledged',
      title: 'exdata answered 402 insufficient_credits: uploads blocked',
      detail: {
        provider: 'exdata',
        http_status: 402,
        code: 'insufficient_credits',
        first_request_id: credits[0]!.requestId,
        blocked_documents: credits.map((c) => c.sourceId),
        action: 'Top up exdata credits, then retry each blocked document with a new idempotency key',
      },
      dedupeKey: 'insufficient_credits:exdata',
      occurrences: credits.length,
      firstSeenAt: new Date(credits[0]!.at),
      lastSeenAt: new Date(credits[credits.length - 1]!.at),
      acknowledgedBy: ctx.actors.admin,
      acknowledgedAt: new Date(ackAt),
    });
    ctx.audit({
      role: 'admin',
      action: 'alert.acknowledge',
      targetType: 'alert',
      targetId: alertId,
      createdAt: new Date(ackAt),
      note: 'Ordered 5,000 extra credits; will retry blocked uploads once they land',
    });
  }
  const burst = [...f.burstFailures].sort((x, y) => x.at - y.at);
  if (burst.length > 0) {
    const last = burst[burst.length - 1]!.at;
    const resolvedAt = last + 25 * MINUTE;
    const alertId = ctx.uuid();
    const { title, summary } = said('failure_rate:goroute:send');
    ctx.data.alerts.push({
      id: alertId,
      rule: 'failure_rate',
      severity: 'critical',
      status: 'resolved',
      title,
      detail: {
        summary,
        provider: 'goroute',
        operation: 'send',
        window_minutes: 15,
        threshold_percent: 10,
        failed: burst.length,
        total: burst.length + 3,
        failure_rate_percent: Math.round((burst.length / (burst.length + 3)) * 1000) / 10,
        top_error: { http_status: 503, code: 'SERVICE_UNAVAILABLE' },
        source_ids: [...new Set(burst.map((b) => b.sourceId))],
      },
      dedupeKey: 'failure_rate:goroute:send',
      occurrences: burst.length,
      // Resolved by support once GoRoute's incident was over (the audit row below carries their note).
      firstSeenAt: new Date(burst[0]!.at),
      lastSeenAt: new Date(last),
      resolvedAt: new Date(resolvedAt),
      resolvedBy: ctx.actors.support,
    });
    ctx.audit({
      role: 'support',
      action: 'alert.resolve',
      targetType: 'alert',
      targetId: alertId,
      createdAt: new Date(resolvedAt),
      note: 'GoRoute status page: AS4 gateway incident resolved; all retries delivered',
    });
  }
  if (invalidLastHour.length > 0) {
    const times = invalidLastHour.map((w) => w.receivedAt!.getTime()).sort((x, y) => x - y);
    const { title, summary } = said('signature_failures:goroute');
    ctx.data.alerts.push({
      id: ctx.uuid(),
      rule: 'signature_failures',
      severity: 'warning',
      status: 'open',
      title,
      detail: {
        summary,
        provider: 'goroute',
        threshold_per_hour: DEFAULT_SETTINGS.alert_thresholds.signature_failures_per_hour,
        count_last_hour: invalidLastHour.length,
        results: { invalid: invalidLastHour.length },
        webhook_delivery_ids: invalidLastHour.map((w) => w.id),
      },
      dedupeKey: 'signature_failures:goroute',
      occurrences: invalidLastHour.length - DEFAULT_SETTINGS.alert_thresholds.signature_failures_per_hour + 1,
      firstSeenAt: new Date(times[DEFAULT_SETTINGS.alert_thresholds.signature_failures_per_hour - 1]!),
      lastSeenAt: new Date(times[times.length - 1]!),
    });
  }
}

export function seedSettings(ctx: SeedContext): void {
  const now = ctx.now;
  const windowsAt = now - 20 * DAY - 3 * HOUR;
  const thresholdsAt = now - 6 * DAY - 2 * HOUR;
  ctx.data.settings.push(
    {
      key: 'pending_windows',
      value: DEFAULT_SETTINGS.pending_windows,
      updatedBy: ctx.actors.admin,
      updatedAt: new Date(windowsAt),
    },
    {
      key: 'alert_thresholds',
      value: DEFAULT_SETTINGS.alert_thresholds,
      updatedBy: ctx.actors.admin,
      updatedAt: new Date(thresholdsAt),
    },
    {
      key: 'retention',
      value: DEFAULT_SETTINGS.retention,
      updatedBy: ctx.actors.admin,
      updatedAt: new Date(now - 30 * DAY),
    },
  );
  ctx.audit({
    role: 'admin',
    action: 'settings.update',
    targetType: 'settings',
    targetId: 'pending_windows',
    createdAt: new Date(windowsAt),
    before: { ...DEFAULT_SETTINGS.pending_windows, exdata_pending_minutes: 10 },
    after: DEFAULT_SETTINGS.pending_windows,
    note: 'Large scanned PDFs routinely take 10–12 minutes at exdata',
  });
  ctx.audit({
    role: 'admin',
    action: 'settings.update',
    targetType: 'settings',
    targetId: 'alert_thresholds',
    createdAt: new Date(thresholdsAt),
    before: { ...DEFAULT_SETTINGS.alert_thresholds, signature_failures_per_hour: 10 },
    after: DEFAULT_SETTINGS.alert_thresholds,
  });
  // What no data can prove is ticked by an admin with a note (lib/checklist/attest.ts writes the same rows).
  const attested = [
    {
      itemId: 'goroute.dr.runbooks',
      note: 'Incident runbooks for GoRoute outage, 402 credits and signature failures in the ops wiki',
      at: now - 27 * DAY,
    },
    {
      itemId: 'goroute.compliance.legal',
      note: 'GoRoute and exdata terms reviewed by legal; DPA signed',
      at: now - 26 * DAY,
    },
  ];
  for (const a of attested) {
    ctx.data.attestations.push({
      itemId: a.itemId,
      done: true,
      note: a.note,
      attestedBy: ctx.actors.admin,
      attestedAt: new Date(a.at),
    });
    ctx.audit({
      role: 'admin',
      action: 'checklist.attest',
      targetType: 'checklist',
      targetId: a.itemId,
      createdAt: new Date(a.at),
      before: null,
      after: { done: true, note: a.note },
      note: a.note,
    });
  }
}
