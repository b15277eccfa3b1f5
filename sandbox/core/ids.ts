// Identifiers and hashes. IDs come from crypto, not from the seeded PRNG: several sandboxes started with
// the same seed (one per test file) write into the same database, and provider IDs must never collide there.
// The seed drives behaviour only (failure fractions, extraction content, chaos).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hashString, Rng } from '@/demo/world/prng';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  // 62 symbols: the tiny modulo bias is irrelevant for identifiers.
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

export const randomHex = (n: number) =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);
export const uuid = () => randomUUID();

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** A PRNG stream that depends only on the sandbox seed and a stable label (document hash, invoice, …). */
export function rngFor(seed: number, label: string): Rng {
  return new Rng((hashString(label) ^ Math.imul(seed, 0x9e3779b1)) >>> 0);
}
