// The recorder behind the demo data: a document's (or transaction's) life is told step by step, and every
// step lands in the same rows the app writes — api_calls, webhook_deliveries, timeline_events, audit_log —
// with timestamps that only move forward, so timelines come out in order by construction.
import type {
  alerts,
  checklistAttestations,
  apiCalls,
  auditLog,
  AuditAction,
  documentFiles,
  documents,
  extractedFields,
  Provider,
  Role,
  settings,
  timelineEvents,
  transactions,
  vendors,
  webhookDeliveries,
} from '@/db/schema';
import { storedParticipant } from '@/lib/identifiers';
import { Rng } from '@/demo/world/prng';

type VendorRow = typeof vendors.$inferInsert;
export type DocumentRow = typeof documents.$inferInsert;
export type FieldRow = typeof extractedFields.$inferInsert;
export type TransactionRow = typeof transactions.$inferInsert;
export type ApiCallRow = Omit<typeof apiCalls.$inferInsert, 'id'>;
export type WebhookRow = typeof webhookDeliveries.$inferInsert & { id: string };
/** apiCallRef indexes SeedData.apiCalls; the real bigserial id is filled in at insert time. */
export type TimelineSeedRow = Omit<typeof timelineEvents.$inferInsert, 'id' | 'apiCallId'> & { apiCallRef?: number };
export type AuditRow = Omit<typeof auditLog.$inferInsert, 'id'>;
type AlertRow = typeof alerts.$inferInsert;
type SettingsRow = typeof settings.$inferInsert;
type AttestationRow = typeof checklistAttestations.$inferInsert;

/**
 * A transaction row with its parties in the stored form (scheme:identifier, lib/identifiers.ts), as the pipeline
 * writes them: the stories hand scheme and bare identifier apart, the way GoRoute's payloads carry them.
 */
export function withStoredParties(row: TransactionRow): TransactionRow {
  const sender = storedParticipant(row.senderScheme, row.senderIdentifier);
  const receiver = storedParticipant(row.receiverScheme, row.receiverIdentifier);
  return {
    ...row,
    senderScheme: sender.scheme,
    senderIdentifier: sender.identifier,
    receiverScheme: receiver.scheme,
    receiverIdentifier: receiver.identifier,
  };
}

export interface SeedData {
  vendors: VendorRow[];
  documents: DocumentRow[];
  extractedFields: FieldRow[];
  transactions: TransactionRow[];
  apiCalls: ApiCallRow[];
  webhookDeliveries: WebhookRow[];
  timelineEvents: TimelineSeedRow[];
  auditLog: AuditRow[];
  alerts: AlertRow[];
  settings: SettingsRow[];
  attestations: AttestationRow[];
  documentFiles: (typeof documentFiles.$inferInsert)[];
}

export type ActorIds = Record<Role, string>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Things one part of the seed learns that a later part (alerts, standalone webhooks) must agree with. */
export interface SeedFacts {
  pendingExdata: { documentId: string; sourceId: string; exdataDocumentId: string; since: number }[];
  stuckTransactions: { transactionId: string; gorouteTransactionId: string; status: string; since: number }[];
  creditFailures: { at: number; requestId: string; documentId: string; sourceId: string }[];
  creditsAcknowledgedAt: number;
  burstFailures: { at: number; sourceId: string }[];
}

/** Shared state for one seed run. */
export class SeedContext {
  readonly facts: SeedFacts = {
    pendingExdata: [],
    stuckTransactions: [],
    creditFailures: [],
    creditsAcknowledgedAt: 0,
    burstFailures: [],
  };
  readonly data: SeedData = {
    vendors: [],
    documents: [],
    extractedFields: [],
    transactions: [],
    apiCalls: [],
    webhookDeliveries: [],
    timelineEvents: [],
    auditLog: [],
    alerts: [],
    settings: [],
    attestations: [],
    documentFiles: [],
  };
  /** Ids and provider references come from their own stream so tweaking amounts does not reshuffle ids. */
  readonly ids = new Rng('ids');

  constructor(
    readonly now: number,
    readonly actors: ActorIds,
  ) {}

  email(role: Role): string {
    return `${role}@example.test`;
  }
  uuid(): string {
    return this.ids.uuid();
  }
  exdataDocumentId(): string {
    return 'doc_' + this.ids.hex(24);
  }
  exdataRequestId(): string {
    return 'req_' + this.ids.alnum(24);
  }
  gorouteRequestId(): string {
    return 'req_' + this.ids.hex(20);
  }
  gorouteTransactionId(): string {
    return 'txn_' + this.ids.alnum(20);
  }
  gorouteEventId(): string {
    return 'evt_' + this.ids.alnum(24);
  }
  exdataRunId(): string {
    return 'run_' + this.ids.hex(24);
  }

  /** A story told in this run (the scale seed's context tells its stories with a latency tail). */
  story(t: number, documentId: string | null, transactionId: string | null = null): Story {
    return new Story(this, t, documentId, transactionId);
  }

  audit(row: Omit<AuditRow, 'actorEmail' | 'actorId'> & { role: Role }): void {
    const { role, ...rest } = row;
    this.data.auditLog.push({ ...rest, actorId: this.actors[role], actorEmail: this.email(role) });
  }
}

export interface CallSpec {
  provider: Provider;
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** null: no response (timeout). */
  status: number | null;
  durationMs: number;
  requestId?: string | null;
  idempotencyKey?: string | null;
  errorCode?: string | null;
}

const PROVIDER_LABEL: Record<Provider, string> = { exdata: 'exdata', goroute: 'GoRoute' };

/** One subject's life, told forward in time. */
export class Story {
  /** When the document's (or transaction's) state last changed. */
  documentStateAt: number;
  transactionStateAt: number;

  constructor(
    readonly ctx: SeedContext,
    public t: number,
    public documentId: string | null,
    public transactionId: string | null = null,
  ) {
    this.documentStateAt = t;
    this.transactionStateAt = t;
  }

  get date(): Date {
    return new Date(this.t);
  }

  wait(ms: number): this {
    this.t += Math.max(1, Math.round(ms));
    return this;
  }

  /** Moves to `time` if that is later; a story never goes back. */
  waitUntil(time: number): this {
    if (time > this.t) this.t = Math.round(time);
    return this;
  }

  private event(row: Omit<TimelineSeedRow, 'documentId' | 'transactionId' | 'createdAt'>): void {
    this.ctx.data.timelineEvents.push({
      documentId: this.documentId,
      transactionId: this.transactionId,
      createdAt: new Date(this.t),
      ...row,
    });
    this.t += 1;
  }

  transition(from: string | null, to: string, detail?: Record<string, unknown>): void {
    this.documentStateAt = this.t;
    this.event({
      kind: 'transition',
      title: from ? `Document ${from} → ${to}` : `Document ${to}`,
      fromState: from,
      toState: to,
      detail,
    });
  }

  transactionTransition(from: string | null, to: string, detail?: Record<string, unknown>): void {
    this.transactionStateAt = this.t;
    this.event({
      kind: 'transition',
      title: from ? `Transaction ${from} → ${to}` : `Transaction ${to}`,
      fromState: from,
      toState: to,
      detail,
    });
  }

  system(title: string, detail?: Record<string, unknown>): void {
    this.event({ kind: 'system', title, detail });
  }

  /** A person's action: on the timeline and, when it is an audited action, in audit_log at the same instant. */
  human(
    role: Role,
    title: string,
    audit?: {
      action: AuditAction;
      targetType: string;
      targetId: string;
      before?: unknown;
      after?: unknown;
      note?: string;
    },
  ): void {
    if (audit) this.ctx.audit({ role, createdAt: new Date(this.t), ...audit });
    this.event({
      kind: 'human',
      title,
      actorId: this.ctx.actors[role],
      detail: audit ? { action: audit.action, note: audit.note ?? null } : undefined,
    });
  }

  /** A provider call: logged when it completes; returns its index in api_calls. */
  call(spec: CallSpec): number {
    this.wait(spec.durationMs);
    const ref = this.ctx.data.apiCalls.length;
    this.ctx.data.apiCalls.push({
      provider: spec.provider,
      operation: spec.operation,
      method: spec.method,
      path: spec.path,
      httpStatus: spec.status,
      durationMs: spec.durationMs,
      requestId: spec.requestId ?? null,
      idempotencyKey: spec.idempotencyKey ?? null,
      errorCode: spec.errorCode ?? null,
      documentId: this.documentId,
      transactionId: this.transactionId,
      createdAt: new Date(this.t),
    });
    const outcome = spec.status === null ? `${spec.errorCode ?? 'no response'}` : String(spec.status);
    this.event({
      kind: 'api_call',
      title: `${PROVIDER_LABEL[spec.provider]} ${spec.method} ${spec.path} → ${outcome}`,
      apiCallRef: ref,
      detail: {
        requestId: spec.requestId ?? null,
        durationMs: spec.durationMs,
        idempotencyKey: spec.idempotencyKey ?? null,
        errorCode: spec.errorCode ?? null,
      },
    });
    return ref;
  }

  /** A webhook delivery received now; the row is completed by the caller's builder. */
  webhook(row: Omit<WebhookRow, 'receivedAt' | 'documentId' | 'transactionId'>, note?: string): WebhookRow {
    const full: WebhookRow = {
      ...row,
      receivedAt: new Date(this.t),
      documentId: this.documentId,
      transactionId: this.transactionId,
    };
    this.ctx.data.webhookDeliveries.push(full);
    this.event({
      kind: 'webhook',
      title: `${PROVIDER_LABEL[row.provider]} webhook ${row.eventType}${note ? ` (${note})` : ''}`,
      webhookDeliveryId: full.id,
      detail: {
        deliveryId: row.deliveryId,
        signatureResult: row.signatureResult,
        processingResult: row.processingResult,
      },
    });
    return full;
  }
}
