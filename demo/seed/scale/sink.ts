// Where generated rows go: one spool file per table, api_calls ids handed out from the block reserved in the
// table's sequence (timeline rows point at them), and the validation rules of failed sends counted on the way.
import type { ScaleContext } from './context';
import {
  apiCallFormat,
  auditFormat,
  documentFormat,
  fieldFormat,
  timelineFormat,
  transactionFormat,
  webhookFormat,
} from './formats';
import { Rollups } from './rollups';
import { Spool } from './spool';
import {
  withStoredParties,
  type ApiCallRow,
  type TimelineSeedRow,
  type TransactionRow,
  type WebhookRow,
} from '@/demo/seed/story';

type Timeline = Omit<TimelineSeedRow, 'apiCallRef'> & { apiCallId?: number | null };

export class Sink {
  readonly documents: Spool<Parameters<typeof documentFormat.line>[0]>;
  readonly fields: Spool<Parameters<typeof fieldFormat.line>[0]>;
  readonly transactions: Spool<Parameters<typeof transactionFormat.line>[0]>;
  readonly webhooks: Spool<Parameters<typeof webhookFormat.line>[0]>;
  readonly calls: Spool<Parameters<typeof apiCallFormat.line>[0]>;
  readonly timeline: Spool<Parameters<typeof timelineFormat.line>[0]>;
  readonly audit: Spool<Parameters<typeof auditFormat.line>[0]>;
  readonly rollups = new Rollups();
  /** Rows stamped after `now` (a story that ran past the present): must stay 0. */
  future = 0;
  private nextCallId: number;

  constructor(
    dir: string,
    callIdBase: number,
    private readonly now: number,
  ) {
    this.documents = new Spool(dir, documentFormat);
    this.fields = new Spool(dir, fieldFormat);
    this.transactions = new Spool(dir, transactionFormat);
    this.webhooks = new Spool(dir, webhookFormat);
    this.calls = new Spool(dir, apiCallFormat);
    this.timeline = new Spool(dir, timelineFormat);
    this.audit = new Spool(dir, auditFormat);
    this.nextCallId = callIdBase;
  }

  get spools() {
    return [this.documents, this.fields, this.transactions, this.webhooks, this.calls, this.timeline, this.audit];
  }

  async ready(): Promise<void> {
    for (const s of this.spools) await s.ready();
  }

  call(row: ApiCallRow): number {
    const id = this.nextCallId++;
    (row as ApiCallRow & { id: number }).id = id;
    this.calls.add(row as ApiCallRow & { id: number });
    return id;
  }

  transaction(row: TransactionRow): void {
    if (row.status === 'failed' && row.lastErrorCategory === 'validation' && Array.isArray(row.lastErrorDetails)) {
      for (const d of row.lastErrorDetails as { rule?: string }[])
        this.rollups.add('validation_error', row.statusChangedAt!, d.rule ?? 'unknown');
    }
    this.transactions.add(withStoredParties(row));
  }

  webhook(row: WebhookRow): void {
    this.webhooks.add(row);
  }

  event(row: Timeline): void {
    if (row.createdAt!.getTime() > this.now) this.future++;
    this.timeline.add(row);
  }

  /** Writes out everything one story produced, then empties the context for the next one. */
  flushStory(ctx: ScaleContext): void {
    const d = ctx.data;
    for (const row of d.documents) this.documents.add(row);
    for (const row of d.extractedFields) this.fields.add(row);
    for (const row of d.transactions) this.transaction(row);
    const ids = d.apiCalls.map((row) => this.call(row));
    for (const row of d.webhookDeliveries) this.webhook(row);
    for (const row of d.timelineEvents) {
      (row as Timeline).apiCallId = row.apiCallRef === undefined ? null : ids[row.apiCallRef]!;
      this.event(row as Timeline);
    }
    for (const row of d.auditLog) this.audit.add(row);
    ctx.reset();
  }

  async close(): Promise<void> {
    await Promise.all(this.spools.map((s) => s.close()));
  }
}

let lastBreath = 0;
/**
 * Lets the event loop run every few milliseconds: the COPYs of documents and fields stream through this
 * process while these rows are generated, and a pipe only moves when the loop turns.
 */
export async function breathe(sink: Sink): Promise<void> {
  const t = performance.now();
  if (t - lastBreath < 4) return;
  await sink.ready();
  await new Promise((resolve) => setImmediate(resolve));
  lastBreath = performance.now();
}
