import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "./physical-memory";

describe("PhysicalMemory", () => {
  it("reads absent frames as zero without creating them", () => {
    const mem = new PhysicalMemory();
    expect(mem.read8(0x1234)).toBe(0);
    expect(mem.read32(0xfffffffc)).toBe(0);
    expect(mem.read64(2 ** 40)).toBe(0n);
    expect(mem.frameNumbers()).toEqual([]);
    expect(mem.hasFrame(1)).toBe(false);
  });

  it("is little-endian and unsigned", () => {
    const mem = new PhysicalMemory();
    mem.write32(0x1000, 0xdeadbeef);
    expect(mem.read8(0x1000)).toBe(0xef);
    expect(mem.read16(0x1002)).toBe(0xdead);
    expect(mem.read32(0x1000)).toBe(0xdeadbeef);
    mem.write64(0x2000, 0x8000000000000001n);
    expect(mem.read64(0x2000)).toBe(0x8000000000000001n);
    expect(mem.read32(0x2004)).toBe(0x80000000);
    mem.write64(0x3000, -1n);
    expect(mem.read64(0x3000)).toBe(0xffffffffffffffffn);
    mem.write8(0x4000, 0x1ff);
    expect(mem.read8(0x4000)).toBe(0xff);
  });

  it("straddles page boundaries, including into absent frames", () => {
    const mem = new PhysicalMemory();
    mem.write64(0x1ffd, 0x1122334455667788n);
    expect(mem.frameNumbers()).toEqual([1, 2]);
    expect(mem.read64(0x1ffd)).toBe(0x1122334455667788n);
    expect(mem.read32(0x1ffe)).toBe(0x44556677);
    expect(mem.read16(0x1fff)).toBe(0x5566);
    mem.write32(0x5ffe, 0xaabbccdd);
    expect(mem.read16(0x5ffe)).toBe(0xccdd);
    expect(mem.read16(0x6000)).toBe(0xaabb);
  });

  it("addresses above 4 GB (PSE-36, PAE) are distinct frames", () => {
    const mem = new PhysicalMemory();
    mem.write32(0x1_0000_1000, 7);
    expect(mem.read32(0x1000)).toBe(0);
    expect(mem.read32(0x1_0000_1000)).toBe(7);
    expect(mem.frameNumbers()).toEqual([0x100001]);
  });

  it("round-trips through the wire format", () => {
    const mem = new PhysicalMemory();
    mem.write32(0x9000, 1);
    mem.write32(0x3000, 2);
    const wire = mem.toWire();
    expect(wire.frames).toEqual([3, 9]);
    expect(wire.bytes.length).toBe(2 * 4096);
    const back = PhysicalMemory.fromWire(wire);
    expect(back.read32(0x9000)).toBe(1);
    expect(back.read32(0x3000)).toBe(2);
    expect(() => PhysicalMemory.fromWire({ frames: [1], bytes: new Uint8Array(10) })).toThrow();
  });

  it("fetches frames from a page source on demand and caches them", () => {
    let reads = 0;
    const frame = new Uint8Array(4096);
    frame[4] = 0x42;
    const mem = new PhysicalMemory({
      readFrame: (pfn) => {
        reads++;
        return pfn === 5 ? frame : null;
      },
    });
    expect(mem.read8(0x5004)).toBe(0x42);
    expect(mem.read8(0x5004)).toBe(0x42);
    expect(mem.read8(0x6000)).toBe(0);
    expect(mem.read8(0x6000)).toBe(0);
    expect(reads).toBe(2);
    expect(mem.hasFrame(5)).toBe(true);
  });

  it("agrees with a byte-array model for random mixed-width accesses", () => {
    const op = fc.record({
      width: fc.constantFrom(1, 2, 4, 8),
      pa: fc.integer({ min: 0, max: 3 * 4096 - 8 }),
      value: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const mem = new PhysicalMemory();
        const model = new Uint8Array(3 * 4096);
        for (const { width, pa, value } of ops) {
          for (let i = 0; i < width; i++) model[pa + i] = Number((value >> BigInt(8 * i)) & 0xffn);
          if (width === 1) mem.write8(pa, Number(value & 0xffn));
          if (width === 2) mem.write16(pa, Number(value & 0xffffn));
          if (width === 4) mem.write32(pa, Number(value & 0xffffffffn));
          if (width === 8) mem.write64(pa, value);
        }
        for (const { width, pa } of ops) {
          let expected = 0n;
          for (let i = width - 1; i >= 0; i--) expected = (expected << 8n) | BigInt(model[pa + i] ?? 0);
          const got = width === 8 ? mem.read64(pa) : BigInt(width === 4 ? mem.read32(pa) : width === 2 ? mem.read16(pa) : mem.read8(pa));
          expect(got).toBe(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});
