import { describe, expect, it } from "vitest";
import { layoutI386 } from "./layout-i386";
import { findZone, pageHighMem, zonesI386, zonesX8664 } from "./zones";

const MB = 1 << 20;

describe("zonesI386", () => {
  it("3G/1G, 3.x kernel, 2 GB: DMA below 16 MB, Normal to 0x377fe, HighMem to 2 GB", () => {
    const zones = zonesI386(layoutI386({ ramBytes: 2048 * MB }));
    expect(zones).toEqual([
      { name: "DMA", startPfn: 0, endPfn: 0x1000 },
      { name: "Normal", startPfn: 0x1000, endPfn: 0x377fe },
      { name: "HighMem", startPfn: 0x377fe, endPfn: 0x80000 },
    ]);
    expect(findZone(zones, 0xfff)?.name).toBe("DMA");
    expect(findZone(zones, 0x1000)?.name).toBe("Normal");
    expect(pageHighMem(zones, 0x377fd)).toBe(false);
    expect(pageHighMem(zones, 0x377fe)).toBe(true);
    expect(pageHighMem(zones, 0x7ffff)).toBe(true);
    expect(findZone(zones, 0x80000)).toBeNull();
    expect(pageHighMem(zones, 0x80000)).toBe(false);
  });

  it("a 2.6 kernel has 896 MB of lowmem; 512 MB of RAM has no highmem; 8 MB is all DMA", () => {
    expect(zonesI386(layoutI386({ ramBytes: 1024 * MB, era: "2.6" })).at(-1)).toEqual({
      name: "HighMem",
      startPfn: 0x38000,
      endPfn: 0x40000,
    });
    expect(zonesI386(layoutI386({ ramBytes: 512 * MB })).map((z) => z.name)).toEqual(["DMA", "Normal"]);
    expect(zonesI386(layoutI386({ ramBytes: 8 * MB }))).toEqual([{ name: "DMA", startPfn: 0, endPfn: 0x800 }]);
  });
});

describe("zonesX8664", () => {
  it("DMA below 16 MB, DMA32 below 4 GB, Normal above, never highmem", () => {
    const zones = zonesX8664(8192 * MB);
    expect(zones).toEqual([
      { name: "DMA", startPfn: 0, endPfn: 0x1000 },
      { name: "DMA32", startPfn: 0x1000, endPfn: 0x100000 },
      { name: "Normal", startPfn: 0x100000, endPfn: 0x200000 },
    ]);
    expect(findZone(zones, 0xfffff)?.name).toBe("DMA32");
    expect(findZone(zones, 0x100000)?.name).toBe("Normal");
    expect(zones.some((z) => pageHighMem(zones, z.startPfn))).toBe(false);
    expect(zonesX8664(2048 * MB).map((z) => z.name)).toEqual(["DMA", "DMA32"]);
    expect(() => zonesX8664(0)).toThrow(RangeError);
  });
});
