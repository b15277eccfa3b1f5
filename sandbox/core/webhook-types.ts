// The shapes of webhook delivery: targets, chaos settings, and the delivery log the control API exposes.
import type { Provider } from './http';

export interface ChaosOptions {
  duplicateRate?: number;
  replayRate?: number;
  reorder?: boolean;
  maxDelayMs?: number;
}

export interface WebhookTarget {
  url?: string;
  secret: string;
}

export interface Attempt {
  at: string;
  kind: 'attempt' | 'duplicate' | 'replay';
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface Delivery {
  /** exdata: X-Delivery; GoRoute: event_id (= X-GoRoute-Event-ID). */
  id: string;
  provider: Provider;
  event: string;
  /** Transaction or document the event is about; deliveries for one subject keep their order unless reorder is on. */
  subject: string | null;
  body: string;
  state: 'pending' | 'delivered' | 'failed' | 'skipped';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  duplicates: number;
  replayOf: string | null;
  history: Attempt[];
}
