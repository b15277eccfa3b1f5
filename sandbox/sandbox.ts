// One running sandbox: the shared clock, PRNG, faults and webhook sender, and both providers' state and
// HTTP apps. server.ts owns the socket; the control API works on this object.
import { Rng } from '@/demo/world/prng';
import { Clock } from './core/clock';
import { FaultStore } from './core/faults';
import { type ChaosOptions, WebhookSender } from './core/webhooks';
import { ExdataState } from './exdata/documents';
import { type ExdataToken, ExdataApp } from './exdata/routes';
import { ParticipantRegistry } from './goroute/participants';
import { GoRouteApp } from './goroute/routes';
import { GoRouteState } from './goroute/transactions';

export interface SandboxConfig {
  speed: number;
  seed: number;
  goroute: {
    apiKeys: string[];
    webhookUrl?: string;
    webhookSecret: string;
    ratePerSecond: number;
    failureRate: number;
  };
  exdata: {
    tokens: ExdataToken[];
    webhookUrl?: string;
    webhookSecret: string;
    ratePerSecond: number;
    credits: number;
    errorRate: number;
  };
  chaos: ChaosOptions;
  log: (line: string) => void;
}

export class Sandbox {
  readonly clock: Clock;
  readonly faults: FaultStore;
  readonly webhooks: WebhookSender;
  readonly registry = new ParticipantRegistry();
  readonly goroute: { state: GoRouteState; app: GoRouteApp };
  readonly exdata: { state: ExdataState; app: ExdataApp };
  /** Set once the server listens: "http://127.0.0.1:<port>" (links in responses and webhooks). */
  baseUrl = '';

  constructor(private readonly config: SandboxConfig) {
    this.clock = new Clock(config.speed);
    this.faults = new FaultStore(new Rng(config.seed ^ 0x5bd1e995));
    this.webhooks = new WebhookSender(
      this.clock,
      new Rng(config.seed ^ 0x27d4eb2f),
      config.chaos,
      {
        goroute: { url: config.goroute.webhookUrl, secret: config.goroute.webhookSecret },
        exdata: { url: config.exdata.webhookUrl, secret: config.exdata.webhookSecret },
      },
      config.log,
    );
    const gState = new GoRouteState(this.clock, config.seed, this.webhooks, this.registry, config.goroute.failureRate);
    this.goroute = {
      state: gState,
      app: new GoRouteApp(gState, this.registry, config.goroute.apiKeys, config.goroute.ratePerSecond),
    };
    const parties = {
      suppliers: this.registry.companies.filter((c) => c.role === 'supplier'),
      customers: this.registry.companies.filter((c) => c.role === 'customer'),
    };
    const eState = new ExdataState(
      this.clock,
      config.seed,
      this.webhooks,
      parties,
      config.exdata.errorRate,
      config.exdata.credits,
    );
    this.exdata = { state: eState, app: new ExdataApp(eState, config.exdata.tokens, config.exdata.ratePerSecond) };
  }

  gorouteUrl(): string {
    return `${this.baseUrl}/goroute`;
  }

  /** Back to the state right after start: no transactions, documents, deliveries or faults; initial credits and limits. */
  reset(): void {
    this.clock.clear();
    this.webhooks.clear();
    this.faults.clear();
    this.goroute.state.reset();
    this.exdata.state.reset(this.config.exdata.credits);
    this.goroute.app.bucket.setRate(this.config.goroute.ratePerSecond);
    this.goroute.app.bucket.refill();
    this.exdata.app.bucket.setRate(this.config.exdata.ratePerSecond);
    this.exdata.app.bucket.refill();
  }

  stop(): void {
    this.webhooks.stop();
    this.clock.clear();
  }
}
