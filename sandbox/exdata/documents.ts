// exdata's document store: idempotent uploads, credits (402 ⇒ blocked), the lifecycle pending (queued →
// processing) → completed | error with realistic durations / speed, extraction results and webhooks.
import type { Company } from '@/demo/world/companies';
import { EXDATA_EXTRACTOR_VERSION } from '@/demo/world/accounts';
import type { Clock } from '../core/clock';
import { randomHex, rngFor, sha256Hex } from '../core/ids';
import type { WebhookSender } from '../core/webhooks';
import { extract, type Extraction, scenarioOf } from './extraction';
import type { Upload } from './upload';

export type DocStatus = 'pending' | 'completed' | 'error' | 'blocked';
type RunStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'blocked';

export interface ExDocument {
  id: string;
  mode: 'test' | 'live';
  status: DocStatus;
  processing_stage: 'queued' | 'processing' | null;
  filename: string;
  file_format: string;
  file_size: number;
  custom_types: string[];
  requester: string | null;
  locale: string | null;
  latest_extraction_run: {
    id: string;
    mode: 'test' | 'live';
    source: 'upload';
    status: RunStatus;
    extractor_version: string;
    normalization_version: string;
    created_at: string;
  };
  created_at: string;
  updated_at: string;
  error?: { code: string; message: string; request_id: string };
}

export interface StoredDoc {
  doc: ExDocument;
  idempotencyKey: string | null;
  payloadHash: string;
  /** Upload requests answered with this document (1 + idempotent retries). */
  uploadRequests: number;
  extraction: Extraction | null;
  pages: number;
  timers: NodeJS.Timeout[];
}

export type KeyLookup = { kind: 'conflict' | 'in_progress' | 'done'; stored: StoredDoc };

const ERRORS = [
  {
    code: 'document_unreadable',
    message: 'The document could not be read: the scan resolution is too low for text recognition.',
  },
  { code: 'no_invoice_detected', message: 'No invoice was detected in the document; it looks like a delivery note.' },
  { code: 'extraction_failed', message: 'Extraction failed after 3 attempts. Contact support with the request ID.' },
];
const CORRUPT = { code: 'document_unreadable', message: 'The document could not be read: the file is damaged.' };

export class ExdataState {
  readonly byId = new Map<string, StoredDoc>();
  private readonly byKey = new Map<string, StoredDoc>();

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
    private readonly webhooks: WebhookSender,
    private readonly parties: { suppliers: Company[]; customers: Company[] },
    private readonly errorRate: number,
    public credits: number,
  ) {}

  static payloadHash(u: Upload): string {
    return sha256Hex(
      Buffer.concat([u.bytes, Buffer.from(JSON.stringify([u.filename, u.locale, u.customTypes, u.requester]))]),
    );
  }

  /** Same key + same payload: still processing (409) or the finished document; another payload: conflict (409). */
  lookup(key: string | null, payloadHash: string): KeyLookup | null {
    const stored = key === null ? undefined : this.byKey.get(key);
    if (!stored) return null;
    if (stored.payloadHash !== payloadHash) return { kind: 'conflict', stored };
    stored.uploadRequests++;
    return { kind: stored.doc.status === 'pending' ? 'in_progress' : 'done', stored };
  }

  /** Stores the upload; without credits it is stored as blocked and no processing starts. */
  create(u: Upload, key: string | null, payloadHash: string, mode: 'test' | 'live', requestId: string): StoredDoc {
    const t = new Date().toISOString();
    const blocked = this.credits <= 0;
    if (!blocked) this.credits--;
    const doc: ExDocument = {
      id: 'doc_' + randomHex(24),
      mode,
      status: blocked ? 'blocked' : 'pending',
      processing_stage: blocked ? null : 'queued',
      filename: u.filename,
      file_format: u.format,
      file_size: u.bytes.length,
      custom_types: u.customTypes,
      requester: u.requester,
      locale: u.locale,
      latest_extraction_run: {
        id: 'run_' + randomHex(24),
        mode,
        source: 'upload',
        status: blocked ? 'blocked' : 'queued',
        extractor_version: EXDATA_EXTRACTOR_VERSION,
        normalization_version: '4.2.0',
        created_at: t,
      },
      created_at: t,
      updated_at: t,
    };
    const stored: StoredDoc = {
      doc,
      idempotencyKey: key,
      payloadHash,
      uploadRequests: 1,
      extraction: null,
      pages: u.format === 'pdf' ? 1 + (u.bytes.length % 3) : 1,
      timers: [],
    };
    this.byId.set(doc.id, stored);
    if (key !== null) this.byKey.set(key, stored);
    if (blocked) this.emit('document.blocked', stored);
    else this.process(stored, sha256Hex(u.bytes) + u.filename, requestId);
    return stored;
  }

  /**
   * Takes over a document the console already holds (an earlier run of this sandbox, or the demo data): the
   * sandbox keeps its state in memory, while a real provider would still know every document it accepted. A
   * pending one goes on through its lifecycle, unless `stuck` (past the console's window: it evidently stopped
   * moving, so it stays as it is); a completed one has its extraction ready. Known IDs are left alone.
   */
  adopt(a: { id: string; filename: string; status: DocStatus; stuck: boolean; createdAt: string }): boolean {
    if (this.byId.has(a.id)) return false;
    const pending = a.status === 'pending';
    const runOf: Record<DocStatus, RunStatus> = {
      pending: 'processing',
      completed: 'completed',
      error: 'failed',
      blocked: 'blocked',
    };
    const run = runOf[a.status];
    const doc: ExDocument = {
      id: a.id,
      mode: 'test',
      status: a.status,
      processing_stage: pending ? 'processing' : null,
      filename: a.filename,
      file_format: a.filename.split('.').pop()?.toLowerCase() ?? 'pdf',
      file_size: 0,
      custom_types: [],
      requester: null,
      locale: null,
      latest_extraction_run: {
        id: 'run_' + randomHex(24),
        mode: 'test',
        source: 'upload',
        status: run,
        extractor_version: EXDATA_EXTRACTOR_VERSION,
        normalization_version: '4.2.0',
        created_at: a.createdAt,
      },
      created_at: a.createdAt,
      updated_at: a.createdAt,
    };
    const stored: StoredDoc = {
      doc,
      idempotencyKey: null,
      payloadHash: '',
      uploadRequests: 0,
      extraction: null,
      pages: 1,
      timers: [],
    };
    this.byId.set(a.id, stored);
    if (a.status === 'completed')
      stored.extraction = extract(
        rngFor(this.seed, `exdata:${a.id}`),
        a.filename,
        this.parties,
        Date.parse(a.createdAt),
      );
    else if (pending && !a.stuck) this.process(stored, a.id + a.filename, 'req_adopted');
    return true;
  }

  delete(id: string): boolean {
    const stored = this.byId.get(id);
    if (!stored) return false;
    stored.timers.forEach((t) => this.clock.cancel(t));
    this.byId.delete(id);
    if (stored.idempotencyKey !== null) this.byKey.delete(stored.idempotencyKey);
    return true;
  }

  list(status?: string): ExDocument[] {
    return [...this.byId.values()]
      .map((s) => s.doc)
      .filter((d) => !status || d.status === status)
      .reverse();
  }

  reset(credits: number): void {
    this.byId.clear();
    this.byKey.clear();
    this.credits = credits;
  }

  private emit(event: string, s: StoredDoc): void {
    this.webhooks.send({ provider: 'exdata', event, subject: s.doc.id, body: JSON.stringify({ event, data: s.doc }) });
  }

  private touch(s: StoredDoc, change: Partial<ExDocument>, run: RunStatus): void {
    Object.assign(s.doc, change, { updated_at: new Date().toISOString() });
    s.doc.latest_extraction_run.status = run;
  }

  /** Realistic timings: a few seconds queued, several seconds extracting. Outcome seeded by the file itself. */
  private process(s: StoredDoc, fileKey: string, requestId: string): void {
    const rng = rngFor(this.seed, `exdata:${fileKey}`);
    const scenario = scenarioOf(s.doc.filename);
    const failure = scenario === 'corrupt' ? CORRUPT : rng.chance(this.errorRate) ? rng.pick(ERRORS) : null;
    const extraction = extract(rng, s.doc.filename, this.parties, Date.now());
    // "stuck" keeps the document processing for 10 minutes: the console's poll fallback and pending-too-long.
    const processingMs = s.doc.filename.toLowerCase().includes('stuck') ? 600_000 : rng.int(3_000, 12_000);
    s.timers.push(
      this.clock.after(rng.int(1_000, 3_000), () => {
        this.touch(s, { processing_stage: 'processing' }, 'processing');
        s.timers.push(
          this.clock.after(processingMs, () => {
            if (failure) {
              this.touch(
                s,
                { status: 'error', processing_stage: null, error: { ...failure, request_id: requestId } },
                'failed',
              );
              this.emit('document.failed', s);
            } else {
              s.extraction = extraction;
              this.touch(s, { status: 'completed', processing_stage: null }, 'completed');
              this.emit('document.completed', s);
            }
          }),
        );
      }),
    );
  }
}
