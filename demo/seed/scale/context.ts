// The demo seed's SeedContext and Story, reused one document at a time: the rows one story produces are
// taken out and written after each document, so memory holds one document's rows, never the whole data set.
// What the shared document lifecycle (demo/seed/lifecycle.ts) asks the context for is scale's own here: ids from
// sfc32 streams (time-ordered uuids) and stories with a long latency tail.
import type { ActorIds, CallSpec } from '@/demo/seed/story';
import { SeedContext, Story } from '@/demo/seed/story';
import { IdStream } from './ids';
import { Rng } from '@/demo/world/prng';

export class ScaleContext extends SeedContext {
  readonly unique: IdStream;
  /** The latency tail's own stream (ScaleStory), so a slow call does not shift the stories' draws. */
  readonly latency: Rng;
  /** The time of the story being told: uuids are time-ordered by it (see IdStream.uuid). */
  clock = 0;

  constructor(now: number, actors: ActorIds, seed: number) {
    super(now, actors);
    this.unique = new IdStream(seed);
    this.latency = new Rng(seed ^ 0x1a7e);
  }

  override uuid(): string {
    return this.unique.uuid(this.clock);
  }
  override exdataDocumentId(): string {
    return 'doc_' + this.unique.hex(24);
  }
  override exdataRequestId(): string {
    return 'req_' + this.unique.alnum(24);
  }
  override gorouteRequestId(): string {
    return 'req_' + this.unique.hex(20);
  }
  override gorouteTransactionId(): string {
    return 'txn_' + this.unique.alnum(20);
  }
  override gorouteEventId(): string {
    return 'evt_' + this.unique.alnum(24);
  }
  override exdataRunId(): string {
    return 'run_' + this.unique.hex(24);
  }
  override story(t: number, documentId: string | null, transactionId: string | null = null): Story {
    return new ScaleStory(this, t, documentId, this.latency, transactionId);
  }

  /** Empties the row buffers after they were written out. */
  reset(): void {
    for (const rows of Object.values(this.data)) (rows as unknown[]).length = 0;
    for (const list of Object.values(this.facts)) if (Array.isArray(list)) list.length = 0;
  }
}

/**
 * Provider latency has a long tail: most calls take what the demo story says, a few percent take several
 * times longer (cold caches, GC pauses, a slow validator), capped below the 30 s client timeout.
 */
export function tailDuration(rng: Rng, ms: number): number {
  const r = rng.float();
  if (r < 0.9) return ms;
  const factor = r < 0.97 ? 1.5 + rng.float() * 2 : r < 0.995 ? 3 + rng.float() * 5 : 8 + rng.float() * 12;
  return Math.min(29_000, Math.round(ms * factor));
}

/** The demo Story, with the long latency tail applied to every answered call. */
class ScaleStory extends Story {
  constructor(
    ctx: SeedContext,
    t: number,
    documentId: string | null,
    private readonly latency: Rng,
    transactionId: string | null = null,
  ) {
    super(ctx, t, documentId, transactionId);
  }

  override call(spec: CallSpec): number {
    if (spec.status === null) return super.call(spec);
    // The tail only where the story has room for it: nothing may finish after "now".
    const tailed = tailDuration(this.latency, spec.durationMs);
    return super.call({
      ...spec,
      durationMs: tailed > spec.durationMs && this.t + tailed > this.ctx.now - 1_000 ? spec.durationMs : tailed,
    });
  }
}
