import { describe, expect, it } from "vitest";
import { listMappings } from "../x86/mappings";
import { findBadPdpte, walkPae } from "../x86/walk-pae";
import type { Access } from "../x86/types";
import { buildPaeProcess, type PaeProcess } from "./pae-process";

function walk(p: PaeProcess, va: number, access: Access, user: boolean): string {
  const r = walkPae({ ...p.cpu, user }, p.mem, va, access);
  if (r.ok) return `pa 0x${r.pa.toString(16)} ${r.pageSize}`;
  return r.fault === "GP" ? "GP" : `PF 0x${r.errorCode.toString(16)}`;
}

describe("buildPaeProcess", () => {
  const a = buildPaeProcess("alice");
  const all = listMappings(a.mem, { mode: "pae", cr3: a.cr3, cr4: a.cpu.cr4, efer: a.cpu.efer });

  it("is byte-identical for the same seed, and shares PDPTE 3 (the kernel PMD) across seeds", () => {
    const again = buildPaeProcess("alice");
    expect(Buffer.from(again.mem.toWire().bytes).equals(Buffer.from(a.mem.toWire().bytes))).toBe(true);
    const b = buildPaeProcess("bob");
    expect(b.cr3).not.toBe(a.cr3);
    expect(b.mem.read64(b.cr3 + 24)).toBe(a.mem.read64(a.cr3 + 24));
    expect(b.mem.read64(b.cr3)).not.toBe(a.mem.read64(a.cr3));
  });

  it("has a 32-byte aligned PDPT of four present entries holding only P, which passes the CR3-load check", () => {
    expect(a.cr3 % 32).toBe(0);
    expect(a.cr3).toBeLessThan(2 ** 32);
    for (let i = 0; i < 4; i++) {
      const pdpte = a.mem.read64(a.cr3 + i * 8);
      expect(pdpte & 0xfffn).toBe(1n);
      expect(pdpte >> 32n).toBe(0n);
    }
    expect(findBadPdpte(a.mem, a.cr3, a.cpu.efer)).toBe(-1);
  });

  it("maps lowmem at 0xc0000000: 4 KB pages for the first 2 MB, 2 MB pages after, text executable, the rest NX", () => {
    expect(walk(a, 0xc0000000, "read", false)).toBe("pa 0x0 4096");
    expect(walk(a, 0xc01fffff, "write", false)).toBe("pa 0x1fffff 4096");
    expect(walk(a, 0xc0234567, "write", false)).toBe("pa 0x234567 2097152");
    expect(walk(a, 0xc1000000, "exec", false)).toBe("pa 0x1000000 2097152");
    expect(walk(a, 0xc4000000, "exec", false)).toBe("PF 0x11");
    expect(walk(a, 0xc4000000, "read", true)).toBe("PF 0x5");
    // ~880 MB of lowmem with PAE (3.x era); the last partial chunk is 4 KB pages.
    const lowmem = a.regions.find((r) => r.name === "lowmem");
    const end = Number(lowmem?.end ?? 0n);
    expect(end).toBeGreaterThan(0xf6000000);
    expect(walk(a, end - 1, "read", false)).toMatch(/ 4096$/);
    expect(walk(a, end, "read", false)).toBe("PF 0x0");
  });

  it("puts the program at 0x08048000, code executable, data NX, and only user pages below 0xc0000000", () => {
    expect(walk(a, 0x08048000, "exec", true)).toMatch(/ 4096$/);
    expect(walk(a, 0x08048000, "write", true)).toBe("PF 0x7");
    const stack = a.regions.find((r) => r.name === "[stack]");
    const top = Number(stack?.end ?? 0n) - 4;
    expect(top).toBeGreaterThan(0xbfe00000);
    expect(walk(a, top, "write", true)).toMatch(/ 4096$/);
    expect(walk(a, top, "exec", true)).toBe("PF 0x15");
    for (const m of all) expect(m.user).toBe(m.va < 0xc0000000n);
    for (const m of all.filter((m) => m.user)) {
      const r = a.regions.find((x) => x.user && m.va >= x.start && m.va < x.end);
      expect(m.nx).toBe(r?.nx);
    }
    expect(all.some((m) => m.user && m.pa >= 2 ** 32)).toBe(true); // 6 GB of RAM: frames above 4 GB
  });

  it("agrees with walkPae on every mapping", () => {
    for (const m of all) {
      const va = Number(m.va) + m.size - 1;
      const r = walkPae({ ...a.cpu, user: false }, a.mem, va, "read");
      expect(r).toMatchObject({ ok: true, pa: m.pa + m.size - 1, pageSize: m.size });
      expect(m.pa % m.size).toBe(0);
    }
    expect(all.filter((m) => m.size === 2097152).length).toBeGreaterThan(400);
  });

  it("maps vmalloc, pkmap and fixmap with 4 KB kernel pages", () => {
    for (const name of ["vmalloc", "pkmap"]) {
      const r = a.regions.find((x) => x.name === name);
      expect(walk(a, Number(r?.start ?? 0n), "write", false)).toMatch(/ 4096$/);
    }
    expect(walk(a, 0xfffff000 - 4096, "write", false)).toMatch(/ 4096$/);
    expect(walk(a, 0xfffff000, "read", false)).toBe("PF 0x0");
    expect(() => buildPaeProcess("x", { ramMb: 63 })).toThrow(RangeError);
  });
});
