// Time for the simulated providers. Lifecycle and retry timings are written as the providers' realistic
// durations and divided by `speed`, so tests run the same story 100x faster. Every pending timer is
// tracked so close() and reset leave nothing behind that could fire into a stopped server.

export class Clock {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(readonly speed: number) {
    if (!(speed > 0)) throw new Error(`speed must be > 0, got ${speed}`);
  }

  /** A realistic duration, compressed by `speed`. */
  scale(realisticMs: number): number {
    return Math.max(0, Math.round(realisticMs / this.speed));
  }

  /** Runs fn after a realistic duration (compressed). */
  after(realisticMs: number, fn: () => void): NodeJS.Timeout {
    return this.afterExact(this.scale(realisticMs), fn);
  }

  /** Runs fn after exactly ms (for delays a test chose itself, such as fault latency or chaos delay). */
  afterExact(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  cancel(t: NodeJS.Timeout | undefined): void {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  sleepExact(ms: number): Promise<void> {
    return new Promise((resolve) => this.afterExact(ms, resolve));
  }

  /** Stops every pending timer (reset and shutdown). */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get pending(): number {
    return this.timers.size;
  }
}
