// Provider traffic that belongs to no document or transaction: webhook requests that match nothing (rejected
// signatures, unknown documents, unknown event types) and provider calls made for no single item (participant
// lookups, status sweeps).
import { OUR_COMPANY } from '@/demo/world/companies';
import { Rng } from '@/demo/world/prng';
import { exdataDelivery, exdataDocumentData, gorouteDelivery } from '@/demo/seed/webhooks';
import type { ScaleContext } from './context';
import { HISTORY_DAYS, lognormalMs, retained } from './history';
import { breathe, type Sink } from './sink';
import type { Parties } from '@/demo/seed/lifecycle';
import { DAY, instants, MINUTE, traffic } from './time';

const SECOND = 1000;

const FILLER_HOOKS: [string, number][] = [
  ['invalid', 40],
  ['missing', 15],
  ['stale', 25],
  ['unmatched', 10],
  ['ignored', 10],
];

/** Webhook requests that belong to no transaction or document, over the webhook era. */
export async function writeStrayWebhooks(
  ctx: ScaleContext,
  sink: Sink,
  count: number,
  fromMs: number,
  seed: number,
): Promise<void> {
  const rng = new Rng(seed);
  const days = Math.max(1, (ctx.now - fromMs) / DAY);
  let n = 0;
  for (const t of instants(traffic(ctx.now, days, 0, 200), count, rng)) {
    const kind = rng.weighted(FILLER_HOOKS);
    ctx.clock = t;
    const exdata =
      kind === 'stale' || kind === 'unmatched' || ((kind === 'invalid' || kind === 'missing') && rng.chance(0.4));
    const doc = {
      id: ctx.exdataDocumentId(),
      filename: `invoice_${rng.digits(5)}.pdf`,
      fileFormat: 'pdf',
      fileSize: rng.int(40_000, 900_000),
      locale: 'nl-BE',
      requester: OUR_COMPANY.inbox,
      createdAt: t - rng.int(1, 5) * MINUTE,
    };
    let row;
    if (kind === 'ignored') {
      row = gorouteDelivery(
        ctx,
        rng,
        'participant.updated',
        { participant_id: OUR_COMPANY.peppolId, registered: true, updated_at: new Date(t - 1500).toISOString() },
        {
          t,
          processing: 'ignored',
          processingError: 'Unknown event type participant.updated: stored, not processed',
        },
      );
    } else if (exdata) {
      const skew = kind === 'stale' ? rng.int(301, 90_000) : undefined;
      row = exdataDelivery(
        ctx,
        rng,
        'document.completed',
        exdataDocumentData(doc, 'completed', t - (skew ?? 1) * SECOND, ctx.exdataRunId()),
        {
          t,
          skew,
          signature: kind === 'unmatched' ? undefined : (kind as 'invalid' | 'missing' | 'stale'),
          processing: kind === 'unmatched' ? 'unmatched' : 'rejected',
          processingError:
            kind === 'unmatched'
              ? `No local document has exdata ID ${doc.id} (uploaded outside this console?)`
              : kind === 'stale'
                ? `X-Timestamp is ${skew} s old (tolerance 300 s); answered 401`
                : kind === 'missing'
                  ? 'X-Signature header missing; answered 401'
                  : 'Signature mismatch (X-Signature); answered 401',
          effectKey: kind === 'unmatched' ? `${doc.id}:document.completed:completed` : null,
          headers: kind === 'missing' ? { 'x-delivery': null, 'user-agent': 'curl/8.5.0' } : undefined,
        },
      );
      if (kind === 'missing') row = { ...row, deliveryId: null };
    } else {
      const event = rng.pick(['transaction.delivered', 'transaction.created']);
      row = gorouteDelivery(
        ctx,
        rng,
        event,
        {
          transaction_id: 'txn_' + ctx.unique.alnum(20),
          status: event === 'transaction.created' ? 'pending' : 'delivered',
        },
        {
          t,
          signature: kind as 'invalid' | 'missing',
          processing: 'rejected',
          processingError:
            kind === 'missing'
              ? 'X-GoRoute-Signature header missing; answered 401'
              : 'Signature mismatch (X-GoRoute-Signature); answered 401',
        },
      );
    }
    sink.webhook(retained({ ...row, receivedAt: new Date(t), documentId: null, transactionId: null }, ctx.now));
    if (++n % 16 === 0) await breathe(sink);
  }
}

/** Provider calls for no single item: participant lookups from the console and the reconciliation sweeps. */
export async function writeStrayCalls(
  ctx: ScaleContext,
  sink: Sink,
  p: Parties,
  count: number,
  seed: number,
): Promise<void> {
  const rng = new Rng(seed);
  const parties = [...p.suppliers, ...p.customers];
  let n = 0;
  for (const t of instants(traffic(ctx.now, HISTORY_DAYS, 0, 200), count, rng)) {
    const lookup = rng.chance(0.7);
    const r = rng.float();
    const status = r < 0.02 ? 429 : r < 0.03 ? 503 : lookup && r < 0.1 ? 404 : 200;
    const errorCode =
      status === 429
        ? 'RATE_LIMIT_EXCEEDED'
        : status === 503
          ? 'SERVICE_UNAVAILABLE'
          : status === 404
            ? 'PARTICIPANT_NOT_FOUND'
            : null;
    const peppolId = rng.pick(parties).peppolId;
    sink.call({
      provider: 'goroute',
      operation: lookup ? 'participants.lookup' : 'transactions.list',
      method: 'GET',
      path: lookup
        ? `/participants/lookup?identifier=${encodeURIComponent(peppolId)}`
        : `/api/v1/transactions?limit=100${rng.chance(0.5) ? '&status=pending' : ''}`,
      httpStatus: status,
      durationMs: lognormalMs(rng, lookup ? 140 : 320),
      requestId: ctx.gorouteRequestId(),
      idempotencyKey: null,
      errorCode,
      documentId: null,
      transactionId: null,
      createdAt: new Date(t),
    });
    if (++n % 16 === 0) await breathe(sink);
  }
}
