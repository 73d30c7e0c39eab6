import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "./physical-memory";
import { readOnlyView } from "./read-only-view";

describe("readOnlyView", () => {
  it("reports every read with its size and value, and passes other methods through", () => {
    const mem = new PhysicalMemory();
    mem.write32(0x1000, 0xdeadbeef);
    mem.write64(0x2000, 0x8000000000000067n);
    const seen: [number, number, string][] = [];
    const view = readOnlyView(
      mem,
      (m) => new Error(m),
      (pa, size, value) => seen.push([pa, size, value.toString(16)]),
    );
    expect(view.read32(0x1000)).toBe(0xdeadbeef);
    expect(view.read8(0x1000)).toBe(0xef);
    expect(view.read16(0x1002)).toBe(0xdead);
    expect(view.read64(0x2000)).toBe(0x8000000000000067n);
    expect(seen).toEqual([
      [0x1000, 4, "deadbeef"],
      [0x1000, 1, "ef"],
      [0x1002, 2, "dead"],
      [0x2000, 8, "8000000000000067"],
    ]);
  });

  it("refuses every write with the caller's error and leaves memory as it was", () => {
    const mem = new PhysicalMemory();
    const view = readOnlyView(mem, (method) => new Error(`no ${method}`));
    for (const method of ["write8", "write16", "write32", "write64", "writeBytes"] as const) {
      expect(() => (view[method] as (...args: unknown[]) => void)(0x1000, 1)).toThrow(`no ${method}`);
    }
    expect(mem.read32(0x1000)).toBe(0);
    expect(view.read32(0x1000)).toBe(0);
  });
});
