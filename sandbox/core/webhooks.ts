// Webhook delivery as real providers do it: retries with exponential backoff on non-2xx or network errors
// (same delivery ID every time), and — when chaos is on — duplicates, exdata replays with a new delivery
// ID, late and out-of-order arrivals. Every attempt lands in the delivery log the control API exposes.
import type { Rng } from '@/demo/world/prng';
import type { Clock } from './clock';
import type { Provider } from './http';
import { uuid } from './ids';
import type { Attempt, ChaosOptions, Delivery, WebhookTarget } from './webhook-types';
import { Semaphore } from './semaphore';
import { postWebhook } from './webhook-post';
import { webhookHeaders } from './webhook-sign';

export type { Attempt, ChaosOptions, Delivery, WebhookTarget };

const MAX_ATTEMPTS = 8;
const MAX_LOG = 100_000;
/** Concurrent requests per provider. Real senders cap this too; without a cap a burst of thousands of
 *  events opens thousands of sockets at once and the receiver times out on all of them. */
const MAX_IN_FLIGHT = 16;

export class WebhookSender {
  private readonly log = new Map<string, Delivery>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  /** Attempts already made when the current retry cycle began (a manual redelivery starts a new cycle). */
  private readonly cycleStart = new Map<string, number>();
  /** Aborts in-flight requests on stop(). */
  private readonly shutdown = new AbortController();
  private readonly slots: Record<Provider, Semaphore> = {
    goroute: new Semaphore(MAX_IN_FLIGHT),
    exdata: new Semaphore(MAX_IN_FLIGHT),
  };
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly chaos: ChaosOptions,
    readonly targets: Record<Provider, WebhookTarget>,
    private readonly say: (line: string) => void,
  ) {}

  /** Queues a delivery; `id` is the event or delivery ID the receiver de-duplicates on. */
  send(d: {
    provider: Provider;
    id?: string;
    event: string;
    subject: string | null;
    body: string;
    replayOf?: string;
  }): Delivery {
    const entry: Delivery = {
      id: d.id ?? uuid(),
      provider: d.provider,
      event: d.event,
      subject: d.subject,
      body: d.body,
      state: 'pending',
      attempts: 0,
      lastStatus: null,
      lastError: null,
      createdAt: new Date().toISOString(),
      deliveredAt: null,
      duplicates: 0,
      replayOf: d.replayOf ?? null,
      history: [],
    };
    this.remember(entry);
    this.start(entry);
    return entry;
  }

  get(id: string): Delivery | undefined {
    return this.log.get(id);
  }

  list(): Delivery[] {
    return [...this.log.values()];
  }

  /** Sends a logged delivery again with the same ID, starting a fresh retry cycle. */
  redeliver(id: string): Delivery | undefined {
    const entry = this.log.get(id);
    if (!entry) return undefined;
    this.clock.cancel(this.retryTimers.get(id));
    this.retryTimers.delete(id);
    this.cycleStart.set(id, entry.attempts);
    entry.state = 'pending';
    void this.run(entry);
    return entry;
  }

  clear(): void {
    for (const t of this.retryTimers.values()) this.clock.cancel(t);
    this.retryTimers.clear();
    this.chains.clear();
    this.cycleStart.clear();
    this.log.clear();
  }

  stop(): void {
    this.stopped = true;
    this.shutdown.abort();
    this.clear();
  }

  private remember(entry: Delivery): void {
    this.log.set(entry.id, entry);
    // Bounded memory under load tests: forget the oldest deliveries first.
    if (this.log.size > MAX_LOG) this.log.delete(this.log.keys().next().value!);
  }

  private chaosDelay(): number {
    const max = this.chaos.maxDelayMs ?? (this.chaos.reorder ? this.clock.scale(3000) : 0);
    return max > 0 ? this.rng.int(0, max) : 0;
  }

  private start(entry: Delivery): void {
    const delay = this.chaosDelay();
    if (this.chaos.reorder || entry.subject === null) {
      this.clock.afterExact(delay, () => void this.run(entry));
      return;
    }
    // Without reorder, a subject's events leave in the order they happened: each first attempt waits for
    // the previous one (retries do not block the queue).
    const key = `${entry.provider}:${entry.subject}`;
    const next = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.clock.sleepExact(delay))
      .then(() => this.run(entry));
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  private async run(entry: Delivery): Promise<void> {
    if (this.stopped || !this.log.has(entry.id)) return;
    const ok = await this.attempt(entry, 'attempt');
    if (entry.state === 'skipped') return;
    if (ok) {
      entry.state = 'delivered';
      entry.deliveredAt = new Date().toISOString();
      this.maybeChaos(entry);
      return;
    }
    const cycle = entry.attempts - (this.cycleStart.get(entry.id) ?? 0);
    if (cycle >= MAX_ATTEMPTS) {
      entry.state = 'failed';
      return;
    }
    // 1 s, 2 s, 4 s, … (compressed by speed).
    const timer = this.clock.after(1000 * 2 ** (cycle - 1), () => {
      this.retryTimers.delete(entry.id);
      void this.run(entry);
    });
    this.retryTimers.set(entry.id, timer);
  }

  private maybeChaos(entry: Delivery): void {
    if (entry.replayOf !== null) return;
    if (this.chaos.duplicateRate && this.rng.chance(this.chaos.duplicateRate)) {
      this.clock.afterExact(this.rng.int(0, 50), () => void this.attempt(entry, 'duplicate'));
    }
    if (this.chaos.replayRate && this.rng.chance(this.chaos.replayRate)) {
      const later = this.clock.scale(this.rng.int(2000, 10_000));
      if (entry.provider === 'exdata') {
        // exdata replays are new deliveries: new X-Delivery, new timestamp, same body.
        this.clock.afterExact(later, () => this.send({ ...entry, id: uuid(), replayOf: entry.id }));
      } else {
        this.clock.afterExact(later, () => void this.attempt(entry, 'replay'));
      }
    }
  }

  /** One HTTP POST; true on 2xx. */
  private async attempt(entry: Delivery, kind: Attempt['kind']): Promise<boolean> {
    const target = this.targets[entry.provider];
    if (!target.url) {
      entry.state = 'skipped';
      entry.lastError = 'no webhook URL configured';
      return false;
    }
    if (this.stopped) return false;
    const slot = this.slots[entry.provider];
    await slot.acquire();
    try {
      // A reset or stop while this attempt waited for a slot cancels it.
      if (this.stopped || this.log.get(entry.id) !== entry) return false;
      return await this.post(entry, kind, target.url, target.secret);
    } finally {
      slot.release();
    }
  }

  private async post(entry: Delivery, kind: Attempt['kind'], url: string, secret: string): Promise<boolean> {
    // Receivers must answer within 30 s (compressed by speed, but never under 2 s).
    const timeoutMs = Math.max(2000, this.clock.scale(30_000));
    const r = await postWebhook(
      url,
      (now) => webhookHeaders(entry.provider, entry, secret, now),
      entry.body,
      timeoutMs,
      this.shutdown.signal,
    );
    const ok = r.status !== null && r.status >= 200 && r.status < 300;
    entry.history.push({
      at: new Date(r.startedAt).toISOString(),
      kind,
      status: r.status,
      error: r.error,
      durationMs: r.durationMs,
    });
    if (kind === 'attempt') {
      entry.attempts++;
      entry.lastStatus = r.status;
      entry.lastError = ok ? null : (r.error ?? `HTTP ${r.status}`);
    } else {
      entry.duplicates++;
    }
    this.say(
      `webhook ${entry.provider} ${entry.event} ${entry.id} ${kind} → ${r.status ?? r.error} (${r.durationMs} ms)`,
    );
    return ok;
  }
}
