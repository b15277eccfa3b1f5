// Fault injection, driven over HTTP by tests and demos (POST /_control/faults). A fault matches requests
// of one provider by path prefix and answers them with an error status, adds latency, or drops the
// connection (status 0), for a while (outageMs), for a number of requests (times), or at a rate.
import { z } from 'zod';
import type { Rng } from '@/demo/world/prng';
import type { Provider } from './http';

export const FaultInput = z
  .object({
    provider: z.enum(['goroute', 'exdata']),
    /** Prefix of the provider-relative path ("/api/v1/send"); the mount point ("/goroute/...") is accepted too. */
    path: z.string().startsWith('/').optional(),
    method: z.string().toUpperCase().optional(),
    /** Only requests carrying this Idempotency-Key: one send or upload, whatever else is in flight. */
    idempotencyKey: z.string().min(1).optional(),
    /** HTTP status to answer with; 0 = drop the connection (a network error for the client). */
    status: z
      .number()
      .int()
      .refine((s) => s === 0 || (s >= 400 && s <= 599), 'must be 0 or 400..599')
      .optional(),
    rate: z.number().min(0).max(1).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    outageMs: z.number().int().min(1).optional(),
    times: z.number().int().min(1).optional(),
  })
  .refine((f) => f.status !== undefined || f.latencyMs !== undefined || f.outageMs !== undefined, {
    message: 'a fault needs status, latencyMs or outageMs',
  });
export type FaultInput = z.infer<typeof FaultInput>;

export interface Fault extends FaultInput {
  id: string;
  createdAt: number;
  /** Requests this fault has affected so far. */
  hits: number;
}

/** What to do with one request: wait, then either answer with status, drop the socket, or carry on. */
export interface FaultAction {
  faultId: string;
  latencyMs: number;
  status: number | null;
}

export class FaultStore {
  private faults: Fault[] = [];
  private seq = 0;

  constructor(private readonly rng: Rng) {}

  add(input: FaultInput): Fault {
    // An outage without an explicit status is the classic one: 503 Service Unavailable.
    const status = input.status ?? (input.outageMs !== undefined ? 503 : undefined);
    const fault: Fault = { ...input, status, id: `fault_${++this.seq}`, createdAt: Date.now(), hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    this.expire(Date.now());
    return [...this.faults];
  }

  /** The first active fault matching this request, counted as a hit; null when the request goes through. */
  match(provider: Provider, method: string, path: string, idempotencyKey: string | null = null): FaultAction | null {
    const now = Date.now();
    this.expire(now);
    for (const f of this.faults) {
      if (f.provider !== provider) continue;
      if (f.method && f.method !== method) continue;
      if (f.idempotencyKey !== undefined && f.idempotencyKey !== idempotencyKey) continue;
      if (f.path && !path.startsWith(f.path) && !`/${provider}${path}`.startsWith(f.path)) continue;
      if (f.rate !== undefined && !this.rng.chance(f.rate)) continue;
      f.hits++;
      return { faultId: f.id, latencyMs: f.latencyMs ?? 0, status: f.status ?? null };
    }
    return null;
  }

  private expire(now: number): void {
    this.faults = this.faults.filter(
      (f) =>
        !(f.outageMs !== undefined && now - f.createdAt >= f.outageMs) && !(f.times !== undefined && f.hits >= f.times),
    );
  }
}
