// GoRoute's side of a send: idempotent acceptance, the lifecycle pending → processing → sending →
// delivered | failed (realistic durations / speed), per-transaction history, and the webhooks it emits.
import type { Company } from '@/demo/world/companies';
import { Rng } from '@/demo/world/prng';
import { GOROUTE_ORGANIZATION_ID } from '@/demo/world/accounts';
import type { Clock } from '../core/clock';
import { randomAlnum, rngFor, uuid } from '../core/ids';
import type { WebhookSender } from '../core/webhooks';
import { makeInboundInvoice } from './inbound';
import type { ParticipantRegistry } from './participants';
import type { UblDocument } from './ubl';

export type TxStatus = 'pending' | 'processing' | 'sending' | 'delivered' | 'failed';
type PartyRef = { scheme: string; identifier: string; name: string | null };
type TxError = { code: string; message: string; details: { rule: string; location: string; message: string }[] };

export interface Transaction {
  id: string;
  status: TxStatus;
  direction: 'outbound' | 'inbound';
  document_type: 'invoice' | 'credit_note';
  document_id: string;
  invoice_number: string | null;
  sender: PartyRef;
  receiver: PartyRef;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
  message_id: string | null;
  metadata: { reference_id: string | null };
  error: TxError | null;
  history: { status: TxStatus; at: string }[];
}

export interface StoredTx {
  tx: Transaction;
  xml: string;
  idempotencyKey: string | null;
  bodyHash: string;
  /** Send requests answered with this transaction (1 + idempotent retries). */
  sendRequests: number;
  /** Requests that reused the key with a different body (answered 409). */
  conflicts: number;
}

export type AcceptResult = { kind: 'replayed' | 'conflict'; stored: StoredTx };

const FAILURES: TxError[] = [
  {
    code: 'AS4_DELIVERY_FAILED',
    message: 'The receiving access point did not acknowledge the AS4 message after 3 attempts.',
    details: [
      { rule: 'EBMS:0301', location: 'receiver access point', message: 'MissingReceipt: no AS4 receipt within 300 s.' },
    ],
  },
  {
    code: 'RECEIVER_REJECTED',
    message: 'The receiving access point rejected the message.',
    details: [
      {
        rule: 'EBMS:0004',
        location: 'receiver access point',
        message: 'Other: the receiver could not process the payload.',
      },
    ],
  },
];

const now = () => new Date().toISOString();

export class GoRouteState {
  readonly byId = new Map<string, StoredTx>();
  private readonly byKey = new Map<string, StoredTx>();
  private inboundSeq = 0;
  private inboundRng: Rng;

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
    private readonly webhooks: WebhookSender,
    private readonly registry: ParticipantRegistry,
    private readonly failureRate: number,
  ) {
    this.inboundRng = new Rng(seed ^ 0x1b873593);
  }

  /** Idempotency: same key + same body → the same transaction; same key + another body → conflict. */
  replay(key: string | null, bodyHash: string): AcceptResult | null {
    const existing = key === null ? undefined : this.byKey.get(key);
    if (!existing) return null;
    if (existing.bodyHash !== bodyHash) {
      existing.conflicts++;
      return { kind: 'conflict', stored: existing };
    }
    existing.sendRequests++;
    return { kind: 'replayed', stored: existing };
  }

  /** A validated document for a registered receiver becomes a pending transaction. */
  create(doc: UblDocument, xml: string, bodyHash: string, key: string | null): StoredTx {
    const t = now();
    const receiver = this.registry.find(`${doc.buyer.endpointScheme}:${doc.buyer.endpointId}`);
    const tx: Transaction = {
      id: 'txn_' + randomAlnum(20),
      status: 'pending',
      direction: 'outbound',
      document_type: doc.root === 'CreditNote' ? 'credit_note' : 'invoice',
      document_id: 'gdoc_' + randomAlnum(20),
      invoice_number: doc.id ?? null,
      sender: {
        scheme: doc.seller.endpointScheme ?? '',
        identifier: doc.seller.endpointId ?? '',
        name: doc.seller.name ?? null,
      },
      receiver: {
        scheme: doc.buyer.endpointScheme ?? '',
        identifier: doc.buyer.endpointId ?? '',
        name: receiver?.name ?? doc.buyer.name ?? null,
      },
      created_at: t,
      updated_at: t,
      delivered_at: null,
      message_id: null,
      metadata: { reference_id: doc.buyerReference ?? doc.orderReference ?? null },
      error: null,
      history: [{ status: 'pending', at: t }],
    };
    const stored: StoredTx = { tx, xml, idempotencyKey: key, bodyHash, sendRequests: 1, conflicts: 0 };
    this.byId.set(tx.id, stored);
    if (key !== null) this.byKey.set(key, stored);
    this.emit('transaction.created', tx, {
      status: 'pending',
      direction: 'outbound',
      document_type: tx.document_type,
      receiver: tx.receiver,
      metadata: tx.metadata,
      created_at: t,
    });
    this.runLifecycle(stored);
    return stored;
  }

  /**
   * Takes over a send the console already holds (an earlier run of this sandbox, or the demo data), as a real
   * GoRoute would still know it. One in flight goes on from where it is to delivered, unless `stuck` (past the
   * console's window: it stays where it is). Known IDs are left alone.
   */
  adopt(a: {
    id: string;
    status: TxStatus;
    stuck: boolean;
    invoiceNumber: string | null;
    sender: PartyRef;
    receiver: PartyRef;
    createdAt: string;
    idempotencyKey: string | null;
  }): boolean {
    if (this.byId.has(a.id)) return false;
    const tx: Transaction = {
      id: a.id,
      status: a.status,
      direction: 'outbound',
      document_type: 'invoice',
      document_id: 'gdoc_' + randomAlnum(20),
      invoice_number: a.invoiceNumber,
      sender: a.sender,
      receiver: a.receiver,
      created_at: a.createdAt,
      updated_at: a.createdAt,
      delivered_at: a.status === 'delivered' ? a.createdAt : null,
      message_id: null,
      metadata: { reference_id: null },
      error: null,
      history: [{ status: a.status, at: a.createdAt }],
    };
    const stored: StoredTx = {
      tx,
      xml: '',
      idempotencyKey: a.idempotencyKey,
      bodyHash: `adopted:${a.id}`,
      sendRequests: 0,
      conflicts: 0,
    };
    this.byId.set(a.id, stored);
    if (a.idempotencyKey !== null) this.byKey.set(a.idempotencyKey, stored);
    if (!a.stuck && (a.status === 'pending' || a.status === 'processing' || a.status === 'sending'))
      this.runLifecycle(stored);
    return true;
  }

  /** Newest first, optionally one status only. */
  list(status?: string): Transaction[] {
    return [...this.byId.values()]
      .map((s) => s.tx)
      .filter((t) => !status || t.status === status)
      .reverse();
  }

  /** An inbound invoice arrives for one of the hub's clients: stored as delivered and announced with document.received. */
  receiveInbound(baseUrl: string): Transaction {
    const registered = (role: Company['role']) =>
      this.registry.companies.filter((c) => c.role === role && this.registry.find(c.peppolId));
    const inv = makeInboundInvoice(
      this.inboundRng,
      { issuers: registered('customer'), clients: registered('supplier') },
      this.inboundSeq++,
      Date.now(),
    );
    const t = now();
    const tx: Transaction = {
      id: 'txn_' + randomAlnum(20),
      status: 'delivered',
      direction: 'inbound',
      document_type: 'invoice',
      document_id: 'gdoc_' + randomAlnum(20),
      invoice_number: inv.invoiceNumber,
      sender: { scheme: inv.supplier.peppolScheme, identifier: inv.supplier.peppolIdentifier, name: inv.supplier.name },
      receiver: { scheme: inv.client.peppolScheme, identifier: inv.client.peppolIdentifier, name: inv.client.name },
      created_at: t,
      updated_at: t,
      delivered_at: t,
      message_id: `${uuid()}@${inv.supplier.slug.replace(/-/g, '')}.ap.example`,
      metadata: { reference_id: null },
      error: null,
      history: [{ status: 'delivered', at: t }],
    };
    this.byId.set(tx.id, { tx, xml: inv.xml, idempotencyKey: null, bodyHash: '', sendRequests: 0, conflicts: 0 });
    this.emit('document.received', tx, {
      document_id: tx.document_id,
      sender: tx.sender,
      receiver: tx.receiver,
      document_type: tx.document_type,
      issue_date: inv.issueDate,
      currency: inv.currency,
      total_amount: inv.totalAmount,
      tax_amount: inv.taxAmount,
      received_at: t,
      download_url: `${baseUrl}/api/v1/transactions/${tx.id}/document`,
      attachments: inv.attachments,
    });
    return tx;
  }

  /**
   * GoRoute loses a transaction (control API): from now on GET answers 404 and its lifecycle sends nothing more,
   * as if it had never been accepted. Its idempotency key is forgotten with it.
   */
  forget(id: string): boolean {
    const stored = this.byId.get(id);
    if (!stored) return false;
    this.byId.delete(id);
    if (stored.idempotencyKey !== null) this.byKey.delete(stored.idempotencyKey);
    return true;
  }

  private holds(s: StoredTx): boolean {
    return this.byId.get(s.tx.id) === s;
  }

  reset(): void {
    this.byId.clear();
    this.byKey.clear();
    this.inboundSeq = 0;
    this.inboundRng = new Rng(this.seed ^ 0x1b873593);
  }

  private emit(event: string, tx: Transaction, data: Record<string, unknown>): void {
    const envelope = {
      event,
      event_id: 'evt_' + randomAlnum(24),
      timestamp: now(),
      organization_id: GOROUTE_ORGANIZATION_ID,
      data: { transaction_id: tx.id, invoice_number: tx.invoice_number, ...data },
    };
    this.webhooks.send({
      provider: 'goroute',
      id: envelope.event_id,
      event,
      subject: tx.id,
      body: JSON.stringify(envelope),
    });
  }

  private setStatus(s: StoredTx, status: TxStatus): void {
    const t = now();
    s.tx.status = status;
    s.tx.updated_at = t;
    s.tx.history.push({ status, at: t });
  }

  /**
   * Realistic timings from docs/providers.md; outcome seeded per document so a retry of the same XML behaves the same.
   * Starts from the transaction's current status (an adopted one may already be processing or sending).
   */
  private runLifecycle(s: StoredTx): void {
    const rng = rngFor(this.seed, `goroute:${s.bodyHash}`);
    const keywords = `${s.tx.invoice_number ?? ''} ${s.tx.metadata.reference_id ?? ''}`.toLowerCase();
    const fails = keywords.includes('fail-delivery') || rng.chance(this.failureRate);
    // "stuck" keeps the transaction in sending for 10 minutes: the console's pending-too-long alert.
    const sendingMs = keywords.includes('stuck') ? 600_000 : rng.int(5_000, 30_000);
    // A forgotten transaction (control API) goes no further and sends nothing more.
    const deliver = () =>
      this.clock.after(sendingMs, () => this.holds(s) && this.finish(s, fails ? rng.pick(FAILURES) : null));
    const send = () =>
      this.clock.after(rng.int(1_000, 5_000), () => {
        if (!this.holds(s)) return;
        const layers = { schema: true, schematron: true, business_rules: true };
        this.emit('document.validated', s.tx, { valid: true, validation_layers: layers, errors: [], warnings: [] });
        this.setStatus(s, 'sending');
        deliver();
      });
    if (s.tx.status === 'sending') return void deliver();
    if (s.tx.status === 'processing') return void send();
    this.clock.after(rng.int(1_000, 3_000), () => {
      if (!this.holds(s)) return;
      this.setStatus(s, 'processing');
      send();
    });
  }

  private finish(s: StoredTx, error: TxError | null): void {
    if (error) {
      s.tx.error = error;
      this.setStatus(s, 'failed');
      this.emit('transaction.failed', s.tx, { status: 'failed', error, failed_at: s.tx.updated_at });
      return;
    }
    s.tx.message_id = `${uuid()}@as4.goroute.ai`;
    this.setStatus(s, 'delivered');
    s.tx.delivered_at = s.tx.updated_at;
    this.emit('transaction.delivered', s.tx, {
      status: 'delivered',
      receiver: s.tx.receiver,
      delivered_at: s.tx.delivered_at,
      message_id: s.tx.message_id,
    });
  }
}
