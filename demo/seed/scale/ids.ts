// Identifiers for the scale data. The demo's Rng (mulberry32) has a 32-bit state: two runs with different seeds
// walk the same 2^32 cycle and would, sooner or later, hand out the same ids. Ids that a unique index guards
// (primary keys, exdata/GoRoute ids, delivery ids) come from sfc32 instead: 128 bits of state, so runs seeded
// differently never meet, and one run with one seed is still reproducible.

const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** splitmix32: spreads one 32-bit seed over the four words of sfc32's state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class IdStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const init = splitmix32(seed);
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    for (let i = 0; i < 16; i++) this.next32();
  }

  /** sfc32 (Chris Doty-Humphrey's small fast chaotic PRNG): one 32-bit word. */
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  hex(n: number): string {
    let s = '';
    while (s.length < n) {
      let w = this.next32();
      for (let i = 0; i < 8 && s.length < n; i++, w >>>= 4) s += HEX[w & 15];
    }
    return s;
  }

  /** Five characters per word (62^5 < 2^32); the tiny modulo bias does not matter for ids. */
  alnum(n: number): string {
    let s = '';
    while (s.length < n) {
      let w = this.next32();
      for (let i = 0; i < 5 && s.length < n; i++, w = Math.floor(w / 62)) s += ALNUM[w % 62];
    }
    return s;
  }

  /**
   * A UUID. With `ms`, shaped like version 7 (RFC 9562): the millisecond time first, then 74 random bits, so
   * rows created together sit together in every uuid index — loading ten million rows touches index pages
   * in order instead of at random (the app's own gen_random_uuid() rows are version 4; both are valid uuids).
   */
  uuid(ms?: number): string {
    const h = this.hex(32);
    const variant = HEX[8 + (parseInt(h[16]!, 16) & 3)]!;
    if (ms === undefined)
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
    const t = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
  }
}
