import { describe, expect, it } from "vitest";
import { listMappings, type Mapping } from "../x86/mappings";
import { walkLong } from "../x86/walk-long";
import type { Access } from "../x86/types";
import { buildX8664Process, type X8664Process } from "./x86-64-process";

const GB = 1073741824;
const MB2 = 2097152;

function walk(p: X8664Process, va: bigint, access: Access, user: boolean): string {
  const r = walkLong({ ...p.cpu, user }, p.mem, va, access, false);
  if (r.ok) return `pa 0x${r.pa.toString(16)} ${r.pageSize}`;
  return r.fault === "GP" ? "GP" : `PF 0x${r.errorCode.toString(16)}`;
}

function mappingsOf(p: X8664Process): Mapping[] {
  return listMappings(p.mem, { mode: "4-level", cr3: p.cr3, cr4: p.cpu.cr4, efer: p.cpu.efer });
}

function region(p: X8664Process, name: string) {
  const r = p.regions.find((x) => x.name === name);
  if (!r) throw new Error(`no region ${name}`);
  return r;
}

describe("buildX8664Process", () => {
  const a = buildX8664Process("alice");
  const all = mappingsOf(a);

  it("is byte-identical for the same seed", () => {
    const b = buildX8664Process("alice");
    expect(b.cr3).toBe(a.cr3);
    expect(b.mem.toWire().frames).toEqual(a.mem.toWire().frames);
    expect(Buffer.from(b.mem.toWire().bytes).equals(Buffer.from(a.mem.toWire().bytes))).toBe(true);
  });

  it("shares the kernel half (PML4 entries 256..511) across seeds, not the user half", () => {
    const b = buildX8664Process("bob");
    expect(b.cr3).not.toBe(a.cr3);
    const half = (p: X8664Process, from: number) => Array.from(p.mem.words(p.cr3 / 4096) ?? []).slice(from, from + 512);
    expect(half(b, 512)).toEqual(half(a, 512));
    expect(half(b, 0)).not.toEqual(half(a, 0));
    expect(b.cr3 % 4096).toBe(0);
  });

  it("maps the direct map at 0xffff888000000000 with 4 KB, 2 MB and 1 GB pages (facts §2.2 index example)", () => {
    expect(walk(a, 0xffff888000000000n, "read", false)).toBe("pa 0x0 4096");
    expect(walk(a, 0xffff888000001234n, "write", false)).toBe("pa 0x1234 4096");
    expect(walk(a, 0xffff888000212345n, "read", false)).toBe(`pa 0x212345 ${MB2}`);
    expect(walk(a, 0xffff888040000000n, "read", false)).toBe(`pa 0x40000000 ${GB}`);
    expect(walk(a, 0xffff8880ffffffffn, "write", false)).toBe(`pa 0xffffffff ${GB}`);
    // 4.5 GB of RAM: the last half gigabyte is 2 MB pages, and nothing past the end of RAM.
    expect(walk(a, 0xffff88811fffffffn, "read", false)).toBe(`pa 0x11fffffff ${MB2}`);
    expect(walk(a, 0xffff888120000000n, "read", false)).toBe("PF 0x0");
    // Supervisor-only and NX: a user read is a protection fault, a kernel fetch too (I/D set with NXE).
    expect(walk(a, 0xffff888040000000n, "read", true)).toBe("PF 0x5");
    expect(walk(a, 0xffff888040000000n, "exec", false)).toBe("PF 0x11");
    const sizes = new Set(all.filter((m) => m.va >= 0xffff888000000000n && m.va < 0xffffc88000000000n).map((m) => m.size));
    expect([...sizes].sort()).toEqual([1073741824, 2097152, 4096]);
    expect(all.filter((m) => m.size === GB)).toHaveLength(3);
  });

  it("maps the kernel image at 0xffffffff81000000 with global 2 MB pages: text RX, rodata RO NX, data NX", () => {
    expect(walk(a, 0xffffffff81000000n, "exec", false)).toBe(`pa 0x1000000 ${MB2}`);
    expect(walk(a, 0xffffffff81000000n, "write", false)).toBe("PF 0x3");
    expect(walk(a, 0xffffffff81c00000n, "exec", false)).toBe("PF 0x11");
    expect(walk(a, 0xffffffff81c00000n, "write", false)).toBe("PF 0x3");
    expect(walk(a, 0xffffffff82200000n, "write", false)).toBe(`pa 0x2200000 ${MB2}`);
    expect(walk(a, 0xffffffff82200000n, "exec", false)).toBe("PF 0x11");
    // PML4E 511 carries USER for the vsyscall page; the PDE below it does not, so the text stays supervisor.
    expect(walk(a, 0xffffffff81000000n, "read", true)).toBe("PF 0x5");
    for (const m of all.filter((m) => m.va >= 0xffff800000000000n)) expect(m.global).toBe(true);
    for (const m of all.filter((m) => m.va < 0x800000000000n)) expect(m.global).toBe(false);
  });

  it("maps the vsyscall page user RX at PML4 511, PDPT 511, PD 507, PT 0", () => {
    expect(walk(a, 0xffffffffff600000n, "exec", true)).toBe("pa 0x1003000 4096");
    expect(walk(a, 0xffffffffff600000n, "write", true)).toBe("PF 0x7");
    expect(walk(a, 0xffffffffff7ff000n, "read", true)).toBe("PF 0x5"); // the fixmap beside it is supervisor
    expect(walk(a, 0xffffffffff7ff000n, "write", false)).toMatch(/^pa 0x[0-9a-f]+ 4096$/);
    const vsyscall = all.filter((m) => m.va >= 0xffff800000000000n && m.user);
    expect(vsyscall.map((m) => m.va)).toEqual([0xffffffffff600000n]);
    const xonly = buildX8664Process("alice", { vsyscall: false });
    expect(walk(xonly, 0xffffffffff600000n, "exec", true)).toBe("PF 0x14");
  });

  it("maps vmalloc and module areas with 4 KB pages and unmapped guard pages", () => {
    expect(walk(a, 0xffffc90000000000n, "write", false)).toMatch(/ 4096$/);
    expect(walk(a, 0xffffc90000004000n, "read", false)).toBe("PF 0x0"); // guard after the first 4-page area
    expect(walk(a, 0xffffc90000005000n, "read", false)).toMatch(/ 4096$/);
    expect(walk(a, 0xffffffffa0000000n, "exec", false)).toMatch(/ 4096$/);
    expect(walk(a, 0xffffffffa0003000n, "exec", false)).toBe("PF 0x11");
  });

  it("lays out the user half like Linux: PIE near 0x55..., libraries near 0x7f..., stack near 0x7ffc...", () => {
    const text = region(a, "text");
    expect(text.start).toBeGreaterThanOrEqual(0x555555554000n);
    expect(text.start).toBeLessThan(0x565555554000n);
    const stack = region(a, "[stack]");
    expect(stack.end).toBeLessThanOrEqual(0x7ffffffff000n);
    expect(stack.end).toBeGreaterThan(0x7ffb00000000n);
    const libc = region(a, "libc.so.6 text");
    expect(libc.start >> 40n).toBe(0x7fn);
    expect(walk(a, stack.end - 8n, "write", true)).toMatch(/ 4096$/);
    expect(walk(a, stack.end - 8n, "exec", true)).toBe("PF 0x15");
    expect(walk(a, 0x7ffffffff000n, "read", true)).toBe("PF 0x4"); // TASK_SIZE_MAX's page is never mapped
    for (const name of ["[vdso]", "[vvar]"]) expect(walk(a, region(a, name).start, "read", true)).toMatch(/ 4096$/);
    expect(walk(a, region(a, "[vdso]").start, "exec", true)).toMatch(/ 4096$/);
    expect(walk(a, region(a, "[vvar]").start, "exec", true)).toBe("PF 0x15");
  });

  it("gives every present user page its region's rights: NX on all but code, writable only in writable regions", () => {
    const user = all.filter((m) => m.va < 0x800000000000n);
    expect(user.length).toBeGreaterThan(100);
    for (const m of user) {
      const r = a.regions.find((x) => x.user && m.va >= x.start && m.va < x.end);
      expect(r, `0x${m.va.toString(16)}`).toBeDefined();
      expect(m).toMatchObject({ user: true, size: 4096, nx: r?.nx });
      if (m.writable) expect(r?.writable).toBe(true);
    }
    // Frames above 4 GB appear, so PA bits 32 and up are exercised.
    expect(user.some((m) => m.pa >= 2 ** 32)).toBe(true);
    // Some written, some still read-only (COW) private pages, and swapped-out PTEs with garbage in them.
    const heap = region(a, "[heap]");
    const inHeap = user.filter((m) => m.va >= heap.start && m.va < heap.end);
    expect(inHeap.some((m) => m.writable)).toBe(true);
  });

  it("agrees with walkLong on every mapping, and is cheap to build", () => {
    for (const m of all) {
      const r = walkLong({ ...a.cpu, user: false, cr4: 0x20 }, a.mem, m.va + BigInt(m.size - 1), "read", false);
      expect(r).toMatchObject({ ok: true, pa: m.pa + m.size - 1, pageSize: m.size });
      expect(m.pa % m.size).toBe(0);
    }
    const start = performance.now();
    for (let i = 0; i < 10; i++) buildX8664Process(`speed-${i}`);
    expect((performance.now() - start) / 10).toBeLessThan(200); // a few ms in practice; generous for a loaded CI
    expect(a.mem.frameNumbers().length).toBeLessThan(80);
  });

  it("without 1 GB pages maps the same direct map with 2 MB pages", () => {
    const p = buildX8664Process("carol", { gbPages: false, ramMb: 2048 });
    expect(mappingsOf(p).some((m) => m.size === GB)).toBe(false);
    expect(walk(p, 0xffff888040000000n, "read", false)).toBe(`pa 0x40000000 ${MB2}`);
    expect(walk(p, 0xffff888080000000n, "read", false)).toBe("PF 0x0");
    expect(() => buildX8664Process("x", { ramMb: 513 })).toThrow(RangeError);
  });
});
