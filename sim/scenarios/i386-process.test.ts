import { describe, expect, it } from "vitest";
import { CR4_PSE } from "../x86/constants";
import { pdmap } from "../x86/pdmap";
import { walk32 } from "../x86/walk32";
import { buildI386Process } from "./i386-process";

describe("buildI386Process", () => {
  const a = buildI386Process("alice");

  it("is byte-identical for the same seed", () => {
    const b = buildI386Process("alice");
    const wa = a.mem.toWire();
    const wb = b.mem.toWire();
    expect(b.cr3).toBe(a.cr3);
    expect(wb.frames).toEqual(wa.frames);
    expect(Buffer.from(wb.bytes).equals(Buffer.from(wa.bytes))).toBe(true);
  });

  it("has the same kernel PDEs for every seed, and different user halves", () => {
    const b = buildI386Process("bob");
    expect(b.cr3).not.toBe(a.cr3);
    for (let i = 768; i < 1024; i++) expect(b.mem.read32(b.cr3 + i * 4)).toBe(a.mem.read32(a.cr3 + i * 4));
    const userA = Array.from({ length: 768 }, (_, i) => a.mem.read32(a.cr3 + i * 4));
    const userB = Array.from({ length: 768 }, (_, i) => b.mem.read32(b.cr3 + i * 4));
    expect(userB).not.toEqual(userA);
  });

  it("uses Linux's intermediate entries: _PAGE_TABLE for user, _KERNPG_TABLE or 4 MB PSE pages for the kernel", () => {
    for (let i = 0; i < 1024; i++) {
      const pde = a.mem.read32(a.cr3 + i * 4);
      if ((pde & 1) === 0) continue;
      if (i < 768) expect(pde & 0xfff).toBe(0x067);
      else expect([0x063, 0x1e3]).toContain(pde & 0xfff);
    }
  });

  it("maps lowmem linearly with 4 MB global supervisor pages up to the lowmem limit", () => {
    const lowmem = a.regions.find((r) => r.name === "lowmem");
    expect(lowmem).toMatchObject({ start: 0xc0000000, end: 0xf77fe000, user: false });
    const kernel = { ...a.cpu, user: false };
    for (const va of [0xc0000000, 0xc0123456, 0xc0400000, 0xd0000abc, 0xf77fdfff]) {
      const r = walk32(kernel, a.mem, va, "write");
      expect(r).toMatchObject({ ok: true, pa: va - 0xc0000000 });
    }
    expect(walk32(kernel, a.mem, 0xc0400000, "read")).toMatchObject({ pageSize: 4194304 });
    expect(walk32(a.cpu, a.mem, 0xc0400000, "read")).toMatchObject({ ok: false, errorCode: 0x5 });
  });

  it("puts the program at 0x08048000 read-only and the stack just below PAGE_OFFSET", () => {
    const text = a.regions.find((r) => r.name === "text");
    expect(text).toMatchObject({ start: 0x08048000, user: true, writable: false });
    const stack = a.regions.find((r) => r.name === "[stack]");
    expect(stack?.writable).toBe(true);
    expect(stack?.end).toBeLessThanOrEqual(0xc0000000);
    expect(stack?.end).toBeGreaterThan(0xbff00000);
    const top = walk32(a.cpu, a.mem, (stack?.end ?? 0) - 8, "write");
    expect(top.ok).toBe(true);
    // Text is never writable from user mode.
    for (let va = text?.start ?? 0; va < (text?.end ?? 0); va += 4096) {
      const r = walk32(a.cpu, a.mem, va, "write");
      expect(r.ok).toBe(false);
    }
  });

  it("keeps page tables in distinct frames below the lowmem limit", () => {
    const tables = new Set<number>([a.cr3 >>> 12]);
    for (let i = 0; i < 1024; i++) {
      const pde = a.mem.read32(a.cr3 + i * 4);
      if ((pde & 1) && !(pde & 0x80)) tables.add(pde >>> 12);
    }
    for (const pfn of tables) expect(pfn).toBeLessThan((0xf77fe000 - 0xc0000000) / 4096);
    const userTables = [...tables].filter((pfn) => pfn !== a.cr3 >>> 12);
    expect(new Set(userTables).size).toBe(userTables.length);
  });

  it("draws the classic picture in the 16 x 64 map", () => {
    const map = pdmap(a.mem, a.cr3, a.cpu.cr4).split("\n");
    expect(map).toHaveLength(17);
    expect(map[16]).toBe("");
    expect(map[0]?.[32]).toBe("r"); // 0x08048000: text first
    expect(map[11]?.[63]).toBe("+"); // stack
    expect(map[12]?.[0]).toBe("x"); // first lowmem chunk: 4 KB tables
    expect(map[12]?.[1]).toBe("X");
    expect(map[15]?.slice(0, 29)).toBe("X".repeat(29));
    expect(map[15]?.[29]).toBe("x"); // partial last lowmem chunk up to 0xf77fe000
    expect(map[15]?.[62]).toBe("x"); // pkmap
    expect(map[15]?.[63]).toBe("x"); // fixmap
  });

  it("without PSE maps lowmem with 4 KB tables only", () => {
    const p = buildI386Process("carol", { pse: false, ramMb: 256 });
    expect(p.cpu.cr4 & CR4_PSE).toBe(0);
    const map = pdmap(p.mem, p.cr3, p.cpu.cr4);
    expect(map).not.toContain("X");
    expect(walk32({ ...p.cpu, user: false }, p.mem, 0xc7654321, "read")).toMatchObject({ ok: true, pa: 0x07654321, pageSize: 4096 });
  });

  it("with lowmemTables builds only that many lowmem tables besides the first and the last, spread evenly", () => {
    const full = buildI386Process("erin", { pse: false, ramMb: 1024 });
    const few = buildI386Process("erin", { pse: false, ramMb: 1024, lowmemTables: 8 });
    const lowmemPdes = (p: typeof full) => {
      const present: number[] = [];
      for (let i = 768; i < 768 + 222; i++) if (p.mem.read32(p.cr3 + i * 4) & 1) present.push(i - 768);
      return present;
    };
    expect(lowmemPdes(full)).toHaveLength(222); // 888 MB of lowmem, the last chunk partial
    expect(lowmemPdes(few)).toEqual([0, 28, 55, 83, 110, 138, 165, 193, 220, 221]);
    expect(few.mem.frameNumbers().length).toBeLessThan(full.mem.frameNumbers().length / 8);
    const kernel = { ...few.cpu, user: false };
    for (const va of [0xc0000000, 0xc0001234, 0xc7000abc, 0xf0400123, 0xf77fdfff]) {
      expect(walk32(kernel, few.mem, va, "write")).toMatchObject({ ok: true, pa: va - 0xc0000000, pageSize: 4096 });
    }
    expect(walk32(kernel, few.mem, 0xc0400000, "read")).toMatchObject({ ok: false, errorCode: 0 });
    // vmalloc, pkmap and fixmap are still there; a cap of at least every table is the full machine.
    expect(pdmap(few.mem, few.cr3, 0).split("\n")[15]?.slice(62)).toBe("xx");
    const all = buildI386Process("erin", { pse: false, ramMb: 1024, lowmemTables: 220 });
    expect(Buffer.from(all.mem.toWire().bytes).equals(Buffer.from(full.mem.toWire().bytes))).toBe(true);
    // With PSE whole chunks are 4 MB pages anyway: the option changes nothing.
    const pse = buildI386Process("erin", { lowmemTables: 0 }).mem.toWire();
    expect(Buffer.from(pse.bytes).equals(Buffer.from(buildI386Process("erin").mem.toWire().bytes))).toBe(true);
  });

  it("honours other splits", () => {
    const p = buildI386Process("dave", { pageOffset: 0x80000000 });
    const stack = p.regions.find((r) => r.name === "[stack]");
    expect(stack?.end).toBeLessThanOrEqual(0x80000000);
    expect(walk32({ ...p.cpu, user: false }, p.mem, 0x80000000, "read")).toMatchObject({ ok: true, pa: 0 });
  });
});
