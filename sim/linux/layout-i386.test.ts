import { describe, expect, it } from "vitest";
import { FIXADDR_START_DEFAULT, findPaI386, findVaI386, layoutI386 } from "./layout-i386";

const MB = 1 << 20;

describe("layoutI386", () => {
  it("2.6-era (Linux 2.6.24) 3G/1G with 1 GB: 896 MB lowmem, boot-log boundaries", () => {
    const l = layoutI386({ ramBytes: 1024 * MB, era: "2.6" });
    expect(l.lowmemBytes).toBe(896 * MB);
    expect(l.highMemory).toBe(0xf8000000);
    expect(l.vmallocStart).toBe(0xf8800000);
    expect(l.vmallocEnd).toBe(0xff7fe000);
    expect(l.pkmapBase).toBe(0xff800000);
    expect(l.highmemBytes).toBe(128 * MB);
  });

  it("3.x-era (Linux 2.6.38) 3G/1G with 1 GB: lowmem ends at 0xf77fe000 (887 MB), vmalloc from 0xf7ffe000", () => {
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

  it("up to 2.6.27, VMALLOC_START is rounded up to 8 MB: a 2.6.24 boot log with 0x1f780000 of RAM", () => {
    // include/asm-x86/pgtable_32.h (2.6.27): VMALLOC_START (((unsigned long)high_memory + 2 * VMALLOC_OFFSET - 1)
    // & ~(VMALLOC_OFFSET - 1)). The Ubuntu 2.6.24-16 boot log: lowmem 0xc0000000 - 0xdf780000, vmalloc 0xe0000000 -.
    const old = layoutI386({ ramBytes: 0x1f780000, era: "2.6" });
    expect(old.highMemory).toBe(0xdf780000);
    expect(old.vmallocStart).toBe(0xe0000000);
    expect(old.vmallocEnd).toBe(0xff7fe000);
    // The 2008 patch (2.6.28) made it high_memory + VMALLOC_OFFSET, 8 MB exactly.
    expect(layoutI386({ ramBytes: 0x1f780000 }).vmallocStart).toBe(0xdff80000);
    // An 8 MB aligned high_memory gets exactly 8 MB in both.
    expect(layoutI386({ ramBytes: 512 * MB, era: "2.6" }).vmallocStart).toBe(0xe0800000);
  });

  it("vmalloc= is the whole reserve up to 2.6.27 and the reserve minus the 8 MB guard from 2.6.28 (parse_vmalloc)", () => {
    expect(layoutI386({ ramBytes: 4096 * MB, vmallocBytes: 256 * MB, era: "2.6" }).maxmemBytes).toBe(768 * MB);
    expect(layoutI386({ ramBytes: 4096 * MB, vmallocBytes: 256 * MB }).maxmemBytes).toBe(
      0xff7fe000 - 0xc0000000 - 264 * MB,
    );
    // 2.6.27 with vmalloc=16M and 2 GB: the direct map would run into the kmap window; mem_init BUGs.
    expect(() => layoutI386({ ramBytes: 2048 * MB, vmallocBytes: 16 * MB, era: "2.6" })).toThrow(
      /BUG_ON\(VMALLOC_START > VMALLOC_END\)/,
    );
    expect(layoutI386({ ramBytes: 2048 * MB, vmallocBytes: 16 * MB }).vmallocEnd).toBe(0xff7fe000);
  });

  it("from 4.19 the kmap window hangs below the LDT remap and the CPU entry area: the 5.1 boot log's 883 MB", () => {
    // arch/x86/include/asm/pgtable_32_areas.h: LDT_BASE_ADDR = (CPU_ENTRY_AREA_BASE - PAGE_SIZE) & PMD_MASK,
    // PKMAP_BASE = (LDT_BASE_ADDR - PAGE_SIZE) & PMD_MASK. A 5.1.0-rc2 boot log, 3G/1G, 2 GB: cpu_entry 0xffc00000,
    // pkmap 0xff400000 - 0xff800000, vmalloc 0xf7bfe000 - 0xff3fe000, lowmem 0xc0000000 - 0xf73fe000 (883 MB).
    const l = layoutI386({ ramBytes: 2048 * MB, era: "4.19" });
    expect(l).toMatchObject({ cpuEntryAreaBase: 0xffc00000, ldtBase: 0xff800000, pkmapBase: 0xff400000 });
    expect(l).toMatchObject({ pkmapEnd: 0xff800000, vmallocStart: 0xf7bfe000, vmallocEnd: 0xff3fe000 });
    expect(l.highMemory).toBe(0xf73fe000);
    expect(l.maxmemBytes).toBe(0x373fe000);
    expect(l.fixaddrStart).toBe(FIXADDR_START_DEFAULT["4.19"]);
    // PAE: 2 MB PMDs, so the LDT remap and the window each move down by 2 MB only.
    const pae = layoutI386({ ramBytes: 8192 * MB, era: "4.19", pae: true });
    expect(pae).toMatchObject({
      ldtBase: 0xffa00000,
      pkmapBase: 0xff800000,
      pkmapEnd: 0xffa00000,
      maxmemBytes: 0x377fe000,
    });
    expect(() => layoutI386({ ramBytes: MB, era: "4.19", cpuEntryAreaBase: 0xffd00000 })).toThrow(/PMD boundary/);
    expect(layoutI386({ ramBytes: MB }).cpuEntryAreaBase).toBeNull();
  });

  it("VMSPLIT_2G and vmalloc= change the lowmem limit; PAE halves the kmap window", () => {
    expect(layoutI386({ ramBytes: 4096 * MB, pageOffset: 0x80000000, era: "2.6" }).lowmemBytes).toBe(
      0x80000000 - 128 * MB,
    );
    expect(layoutI386({ ramBytes: 4096 * MB, vmallocBytes: 256 * MB, era: "2.6" }).lowmemBytes).toBe(
      1024 * MB - 256 * MB,
    );
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
