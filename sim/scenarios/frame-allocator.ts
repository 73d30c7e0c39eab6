import type { Rng } from "../rng";

/** Hands out distinct physical frame numbers, at random or in sequence, never the same one twice. */
export class FrameAllocator {
  private readonly used = new Set<number>();
  /** For each `from` given to next(): no frame in [from, value) is free (frames are never freed). */
  private readonly scanned = new Map<number, number>();

  /** Marks `pfn` as taken; throws if it already is (two owners of one frame is a broken invariant). */
  claim(pfn: number): number {
    if (this.used.has(pfn)) throw new Error(`frame ${pfn.toString(16)} allocated twice`);
    this.used.add(pfn);
    return pfn;
  }

  isUsed(pfn: number): boolean {
    return this.used.has(pfn);
  }

  /** A random free frame in [lo, hi); throws when the range is (nearly) full. */
  random(rng: Rng, lo: number, hi: number): number {
    for (let tries = 0; tries < 10_000; tries++) {
      const pfn = rng.int(lo, hi - 1);
      if (!this.used.has(pfn)) return this.claim(pfn);
    }
    throw new Error(`no free frame in [${lo.toString(16)}, ${hi.toString(16)})`);
  }

  /** The lowest free frame at or above `from`. */
  next(from: number): number {
    let pfn = this.scanned.get(from) ?? from;
    while (this.used.has(pfn)) pfn++;
    this.scanned.set(from, pfn + 1);
    return this.claim(pfn);
  }
}
