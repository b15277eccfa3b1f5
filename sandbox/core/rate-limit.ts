// A token bucket per provider: bursts up to one second's worth of requests, refilled continuously.
// Real time, not compressed by `speed`: rate limits are what the app's throttling is measured against.

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(private rate: number) {
    this.tokens = this.capacity;
  }

  private get capacity(): number {
    return Math.max(1, this.rate);
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  setRate(rate: number): void {
    if (!(rate > 0)) throw new Error('ratePerSecond must be > 0');
    this.rate = rate;
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  /** Refills the bucket completely (reset between tests). */
  refill(): void {
    this.tokens = this.capacity;
    this.last = Date.now();
  }

  take(): TakeResult {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    // Whole seconds, at least 1: Retry-After has no fractions.
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / this.rate)) };
  }
}
