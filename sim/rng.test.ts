import { describe, expect, it } from "vitest";
import { createRng } from "./rng";

describe("createRng", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = createRng("seed-1");
    const b = createRng("seed-1");
    const c = createRng("seed-2");
    const xs = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(xs);
    for (const x of xs) expect(x >>> 0).toBe(x);
  });

  it("int stays in range, inclusive at both ends, also for spans above 2^32", () => {
    const rng = createRng("range");
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const x = rng.int(-2, 2);
      expect(x).toBeGreaterThanOrEqual(-2);
      expect(x).toBeLessThanOrEqual(2);
      seen.add(x);
    }
    expect(seen.size).toBe(5);
    for (let i = 0; i < 100; i++) {
      const x = rng.int(0, 2 ** 40);
      expect(Number.isSafeInteger(x) && x >= 0 && x <= 2 ** 40).toBe(true);
    }
    expect(() => rng.int(3, 2)).toThrow();
    expect(() => rng.pick([])).toThrow();
  });

  it("fork depends only on seed and label, not on draws already made", () => {
    const a = createRng("s");
    const b = createRng("s");
    b.nextU32();
    expect(a.fork("x").nextU32()).toBe(b.fork("x").nextU32());
    expect(a.fork("x").nextU32()).not.toBe(a.fork("y").nextU32());
  });

  it("chance(0) is never and chance(1) is always", () => {
    const rng = createRng("c");
    for (let i = 0; i < 50; i++) {
      expect(rng.chance(0)).toBe(false);
      expect(rng.chance(1)).toBe(true);
    }
  });
});
