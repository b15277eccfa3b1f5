import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { clientKey } from '@/lib/http/client-address';

/**
 * How many webhook requests that fail verification one client may have recorded per minute. Anyone can post to
 * a receiver, and every rejected request is stored so support sees it and the signature-failure alert counts
 * it; past this allowance the client gets 429 and nothing is written. Only requests that already failed
 * verification are counted, after the check: a genuine, validly signed delivery never touches the limiter and
 * is never slowed, whoever else is being refused. Counted per process (in memory): N app instances let N times
 * the allowance through, still bounded, and the hot path stays free of a database round trip.
 */
export type RejectionLimiter = {
  /** null when this rejection may be recorded, else the seconds until the client may be heard again. */
  admit(client: string): Promise<number | null>;
};

export function createRejectionLimiter(perMinute: number, onLimited?: (client: string) => void): RejectionLimiter {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return {
    async admit(client) {
      try {
        await limiter.consume(clientKey(client));
        return null;
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        // Said once per client and minute, not once per refused request (the log is no cheaper to fill than the table).
        if (error.consumedPoints === perMinute + 1) onLimited?.(client);
        return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      }
    },
  };
}
