import { describe, expect, it } from "vitest";
import { findPaI386, findVaI386, layoutI386 } from "./layout-i386";

const MB = 1 << 20;

describe("layoutI386", () => {
  it("2.6-era 3G/1G with 1 GB: 896 MB lowmem, boot-log boundaries", () => {
    const l = layoutI386({ ramBytes: 1024 * MB, era: "2.6" });
    expect(l.lowmemBytes).toBe(896 * MB);
    expect(l.highMemory).toBe(0xf8000000);
    expect(l.vmallocStart).toBe(0xf8800000);
    expect(l.vmallocEnd).toBe(0xff7fe000);
    expect(l.pkmapBase).toBe(0xff800000);
    expect(l.highmemBytes).toBe(128 * MB);
  });

  it("3.x-era 3G/1G with 1 GB: lowmem ends at 0xf77fe000 (887 MB), vmalloc from 0xf7ffe000", () => {
    const l = layoutI386({ ramBytes: 1024 * MB });
    expect(l.highMemory).toBe(0xf77fe000);
    expect(l.vmallocStart).toBe(0xf7ffe000);
    expect(l.vmallocEnd).toBe(0xff7fe000);
    expect(l.pkmapEnd - l.pkmapBase).toBe(4 * MB);
  });

  it("512 MB: no highmem, vmalloc starts at 0xE0800000", () => {
    const l = layoutI386({ ramBytes: 512 * MB });
    expect(l.highmemBytes).toBe(0);
    expect(l.vmallocStart).toBe(0xe0800000);
    expect(l.zones.map((z) => z.name)).toEqual(["DMA", "Normal"]);
  });

  it("VMSPLIT_2G and vmalloc= change the lowmem limit; PAE halves the kmap window", () => {
    expect(layoutI386({ ramBytes: 4096 * MB, pageOffset: 0x80000000, era: "2.6" }).lowmemBytes).toBe(0x80000000 - 128 * MB);
    expect(layoutI386({ ramBytes: 4096 * MB, vmallocBytes: 256 * MB, era: "2.6" }).lowmemBytes).toBe(1024 * MB - 264 * MB);
    const pae = layoutI386({ ramBytes: 8192 * MB, pae: true });
    expect(pae.lastPkmap).toBe(512);
    expect(pae.highmemBytes + pae.lowmemBytes).toBe(8192 * MB);
    expect(() => layoutI386({ ramBytes: MB, pageOffset: 0x78000000, pae: true })).toThrow();
  });

  it("__pa/__va hold only for lowmem", () => {
    const l = layoutI386({ ramBytes: 1024 * MB });
    expect(findPaI386(l, 0xc1234567)).toBe(0x01234567);
    expect(findPaI386(l, 0xf8000000)).toBeNull();
    expect(findVaI386(l, 0x01000000)).toBe(0xc1000000);
    expect(findVaI386(l, 0x3f000000)).toBeNull();
  });
});
