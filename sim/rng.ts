// Seeded randomness: every random choice in sim/ comes from here, so one seed always rebuilds the same machine.

/** A deterministic random stream (xoshiro128**). */
export interface Rng {
  /** Uniform unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform integer in [lo, hi], both inclusive; throws if the range is empty or not safe integers. */
  int(lo: number, hi: number): number;
  /** One element of a non-empty array; throws on an empty one. */
  pick<T>(xs: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** An independent stream named `label`; depends only on this stream's seed and the label, not on draws made. */
  fork(label: string): Rng;
}

/** A stream seeded from a string (hashed with cyrb128, so similar seeds give unrelated streams). */
export function createRng(seed: string): Rng {
  return new Xoshiro128(seed);
}

class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
  }

  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) throw new Error(`rng.int: bad range [${lo}, ${hi}]`);
    const span = hi - lo + 1;
    if (span <= 0x100000000) {
      // Rejection sampling keeps the result exactly uniform.
      const limit = 0x100000000 - (0x100000000 % span);
      for (;;) {
        const x = this.nextU32();
        if (x < limit) return lo + (x % span);
      }
    }
    for (;;) {
      const x = (this.nextU32() >>> 11) * 0x100000000 + this.nextU32(); // 53 random bits
      const limit = 2 ** 53 - (2 ** 53 % span);
      if (x < limit) return lo + (x % span);
    }
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error("rng.pick: empty array");
    const x = xs[this.int(0, xs.length - 1)];
    if (x === undefined) throw new Error("rng.pick: hole in array");
    return x;
  }

  chance(p: number): boolean {
    return this.nextU32() < p * 0x100000000;
  }

  fork(label: string): Rng {
    return new Xoshiro128(`${this.seed}\u0000${label}`);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// cyrb128 string hash: four 32-bit words, well mixed, cheap.
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
