import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "../memory/physical-memory";
import { CR0_PE, CR0_PG, CR0_WP, CR4_PSE, CR4_SMAP, CR4_SMEP } from "./constants";
import { toTraceView } from "./trace-view";
import type { Access, Cpu32 } from "./types";
import { pse4mReservedMask, walk32 } from "./walk32";

const PD = 0x1000;
const PT = 0x2000;
const PG_WP = (CR0_PG | CR0_WP | CR0_PE) >>> 0;

// One page table at PDE 0 (va 0..4 MB) and whatever 4 MB PDEs a test adds.
function machine(pde0: number, pte1: number): PhysicalMemory {
  const mem = new PhysicalMemory();
  mem.write32(PD, PT | pde0);
  mem.write32(PT + 4, pte1); // va 0x1000..0x1fff
  return mem;
}

function cpu(over: Partial<Cpu32> = {}): Cpu32 {
  return { cr0: PG_WP, cr3: PD, cr4: CR4_PSE, ac: false, user: true, ...over };
}

function code(mem: PhysicalMemory, c: Cpu32, va: number, access: Access): number | string {
  const r = walk32(c, mem, va, access);
  if (r.ok) return `pa ${r.pa.toString(16)}`;
  expect(r.cr2).toBe(va >>> 0);
  return r.errorCode;
}

describe("walk32: the worked error codes of facts §1.5", () => {
  it("user write to a present read-only page: 0x7", () => {
    expect(code(machine(0x067, 0x5000 | 0x025), cpu(), 0x1234, "write")).toBe(0x7);
  });
  it("user read of a not-present page: 0x4 (PTE and PDE level)", () => {
    expect(code(machine(0x067, 0), cpu(), 0x1234, "read")).toBe(0x4);
    expect(code(machine(0x067, 0x5025), cpu(), 0x00801234, "read")).toBe(0x4);
  });
  it("kernel read of a not-present page: 0x0", () => {
    expect(code(machine(0x067, 0), cpu({ user: false }), 0x1234, "read")).toBe(0x0);
  });
  it("kernel read of a user page with SMAP and AC=0: 0x1", () => {
    expect(code(machine(0x067, 0x5025), cpu({ user: false, cr4: CR4_PSE | CR4_SMAP }), 0x1234, "read")).toBe(0x1);
  });
  it("kernel fetch from a user page with SMEP=1: 0x11", () => {
    expect(code(machine(0x067, 0x5025), cpu({ user: false, cr4: CR4_SMEP }), 0x1234, "exec")).toBe(0x11);
  });
  it("user read that hits a reserved bit: 0xD (bit 21 of a 4 MB PDE)", () => {
    const mem = new PhysicalMemory();
    mem.write32(PD + 4 * 8, 0x02000000 | 0x200000 | 0x87);
    expect(code(mem, cpu(), 0x02001234, "read")).toBe(0xd);
  });
});

describe("walk32: E2 edge cases", () => {
  it("4 MB offset math uses VA[21:0]", () => {
    const mem = new PhysicalMemory();
    mem.write32(PD + 4 * 5, 0x12c00000 | 0x87);
    const r = walk32(cpu(), mem, (5 << 22) | 0x123456, "read");
    expect(r).toEqual({ ok: true, pa: 0x12d23456, pageSize: 4194304 });
  });

  it("PSE-36 puts PDE bits 20:13 into PA[39:32]", () => {
    const mem = new PhysicalMemory();
    mem.write32(PD + 4 * 1, (0xffc00000 | (0xab << 13) | 0x87) >>> 0);
    const r = walk32(cpu(), mem, 0x00412345, "read");
    expect(r).toEqual({ ok: true, pa: 0xab_ffc12345, pageSize: 4194304 });
  });

  it("PA bits above MAXPHYADDR are reserved in a 4 MB PDE", () => {
    const mem = new PhysicalMemory();
    mem.write32(PD + 4 * 1, 0x00400000 | (1 << 17) | 0x87); // PA bit 36
    expect(walk32(cpu(), mem, 0x00400000, "read", { maxPhyAddr: 40 }).ok).toBe(true);
    const r = walk32(cpu(), mem, 0x00400000, "read", { maxPhyAddr: 36 });
    expect(r).toMatchObject({ ok: false, errorCode: 0xd });
    expect(pse4mReservedMask(36)).toBe(0x003e0000);
    expect(pse4mReservedMask(40)).toBe(0x00200000);
    expect(pse4mReservedMask(32)).toBe(0x003fe000);
  });

  it("bit 21 set gives RSVD for supervisor accesses too (0x9, 0xB)", () => {
    const mem = new PhysicalMemory();
    mem.write32(PD, 0x00200000 | 0x83);
    expect(code(mem, cpu({ user: false }), 0x1000, "read")).toBe(0x9);
    expect(code(mem, cpu({ user: false }), 0x1000, "write")).toBe(0xb);
  });

  it("reserved bits are not checked in a not-present entry", () => {
    const mem = new PhysicalMemory();
    mem.write32(PD, 0xffffffff & ~1);
    expect(code(mem, cpu(), 0x1000, "read")).toBe(0x4);
  });

  it("PS is ignored when CR4.PSE = 0: the PDE points to a page table", () => {
    const mem = machine(0x067 | 0x80, 0x5000 | 0x067);
    expect(walk32(cpu({ cr4: 0 }), mem, 0x1abc, "read")).toEqual({ ok: true, pa: 0x5abc, pageSize: 4096 });
    // With PSE the same PDE is a 4 MB page; its bit 13 (from the table address 0x2000) becomes PA bit 32.
    expect(walk32(cpu(), mem, 0x1abc, "read")).toEqual({ ok: true, pa: 0x1abc + 0x1_0000_0000, pageSize: 4194304 });
  });

  it("CR0.WP=0 lets the supervisor write a read-only page; WP=1 does not (0x3)", () => {
    const mem = machine(0x063, 0x5000 | 0x021);
    expect(walk32(cpu({ user: false, cr0: (CR0_PG | CR0_PE) >>> 0 }), mem, 0x1000, "write").ok).toBe(true);
    expect(code(mem, cpu({ user: false }), 0x1000, "write")).toBe(0x3);
  });

  it("user writes honour R/W whatever CR0.WP says", () => {
    const mem = machine(0x067, 0x5000 | 0x025);
    expect(code(mem, cpu({ cr0: (CR0_PG | CR0_PE) >>> 0 }), 0x1000, "write")).toBe(0x7);
  });

  it("R/W=0 in the PDE but 1 in the PTE is read-only", () => {
    const mem = machine(0x065, 0x5000 | 0x067);
    expect(walk32(cpu(), mem, 0x1000, "read").ok).toBe(true);
    expect(code(mem, cpu(), 0x1000, "write")).toBe(0x7);
  });

  it("U/S=0 in the PDE and 1 in the PTE is a supervisor page", () => {
    const mem = machine(0x063, 0x5000 | 0x067);
    expect(code(mem, cpu(), 0x1000, "read")).toBe(0x5);
    // ...so SMAP does not apply to it: the kernel may read it with AC=0.
    expect(walk32(cpu({ user: false, cr4: CR4_SMAP }), mem, 0x1000, "read").ok).toBe(true);
  });

  it("I/D is 0 without SMEP (no NX in 32-bit paging), 1 with it", () => {
    const mem = machine(0x063, 0);
    expect(code(mem, cpu(), 0x1000, "exec")).toBe(0x4);
    expect(code(mem, cpu({ cr4: CR4_SMEP }), 0x1000, "exec")).toBe(0x14);
    const sup = machine(0x063, 0x5063);
    expect(code(sup, cpu(), 0x1000, "exec")).toBe(0x5);
  });

  it("fetches are allowed wherever reads are (no NX), SMEP aside", () => {
    const mem = machine(0x067, 0x5025);
    expect(walk32(cpu(), mem, 0x1000, "exec").ok).toBe(true);
    expect(walk32(cpu({ user: false }), mem, 0x1000, "exec").ok).toBe(true);
    expect(walk32(cpu({ user: false, cr4: CR4_SMAP }), mem, 0x1000, "exec").ok).toBe(true);
  });

  it("SMAP: AC=1 allows explicit accesses, never implicit ones", () => {
    const mem = machine(0x067, 0x5067);
    const c = cpu({ user: false, cr4: CR4_SMAP });
    expect(walk32({ ...c, ac: true }, mem, 0x1000, "read").ok).toBe(true);
    expect(walk32({ ...c, ac: true }, mem, 0x1000, "write").ok).toBe(true);
    expect(code(mem, { ...c, ac: true, implicit: true }, 0x1000, "read")).toBe(0x1);
    expect(code(mem, c, 0x1000, "write")).toBe(0x3);
    // An implicit access at CPL 3 is a supervisor access: U/S = 0 in the error code.
    expect(code(mem, { ...c, user: true, implicit: true, ac: true }, 0x1000, "read")).toBe(0x1);
  });

  it("SMAP applies to supervisor writes even with CR0.WP = 0", () => {
    const mem = machine(0x067, 0x5025);
    const c = cpu({ user: false, cr0: (CR0_PG | CR0_PE) >>> 0, cr4: CR4_SMAP });
    expect(code(mem, c, 0x1000, "write")).toBe(0x3);
    expect(walk32({ ...c, ac: true }, mem, 0x1000, "write").ok).toBe(true);
  });

  it("implicit supervisor access at CPL 3 reaches supervisor pages", () => {
    const mem = machine(0x063, 0x5063);
    expect(walk32(cpu({ implicit: true }), mem, 0x1000, "read").ok).toBe(true);
  });

  it("4 MB supervisor read-only page: user read 0x5, kernel write 0x3", () => {
    const mem = new PhysicalMemory();
    mem.write32(PD + 4 * 768, 0x00000000 | 0x181);
    expect(code(mem, cpu(), 0xc0001000, "read")).toBe(0x5);
    expect(code(mem, cpu({ user: false }), 0xc0001000, "write")).toBe(0x3);
    expect(walk32(cpu({ user: false }), mem, 0xc0001000, "read")).toEqual({ ok: true, pa: 0x1000, pageSize: 4194304 });
  });

  it("paging disabled: pa = va", () => {
    const mem = new PhysicalMemory();
    expect(walk32(cpu({ cr0: CR0_PE }), mem, 0xfffff123, "write")).toEqual({ ok: true, pa: 0xfffff123, pageSize: 4096 });
  });

  it("CR3's PWT/PCD bits are not part of the directory address", () => {
    const mem = machine(0x067, 0x5067);
    expect(walk32(cpu({ cr3: PD | 0x18 }), mem, 0x1004, "read")).toEqual({ ok: true, pa: 0x5004, pageSize: 4096 });
  });

  it("accepts negative (signed) VAs as their unsigned value", () => {
    const mem = new PhysicalMemory();
    mem.write32(PD + 4 * 1023, 0x00c00000 | 0x183);
    const r = walk32(cpu({ user: false }), mem, 0xfff00010 | 0, "read");
    expect(r).toEqual({ ok: true, pa: 0x00f00010, pageSize: 4194304 });
  });
});

describe("walk32: accessed and dirty bits", () => {
  it("sets A on both levels and D on the leaf for a write, only when asked and only on success", () => {
    const mem = machine(0x007, 0x5007);
    walk32(cpu(), mem, 0x1000, "write");
    expect(mem.read32(PT + 4)).toBe(0x5007);
    walk32(cpu(), mem, 0x1000, "read", { updateAccessedDirty: true });
    expect(mem.read32(PD)).toBe(PT | 0x27);
    expect(mem.read32(PT + 4)).toBe(0x5027);
    walk32(cpu(), mem, 0x1000, "write", { updateAccessedDirty: true });
    expect(mem.read32(PT + 4)).toBe(0x5067);
    const ro = machine(0x007, 0x5005);
    walk32(cpu(), ro, 0x1000, "write", { updateAccessedDirty: true });
    expect(ro.read32(PT + 4)).toBe(0x5005);
  });

  it("sets D in a 4 MB PDE on a write", () => {
    const mem = new PhysicalMemory();
    mem.write32(PD + 4, 0x00400087);
    walk32(cpu(), mem, 0x00400000, "write", { updateAccessedDirty: true });
    expect(mem.read32(PD + 4)).toBe(0x004000e7);
  });
});

describe("walk32: traces", () => {
  it("records each entry and why the walk stopped", () => {
    const mem = machine(0x067, 0x5025);
    const r = walk32(cpu(), mem, 0x1234, "write", { trace: true });
    expect(r.ok).toBe(false);
    expect(r.trace?.steps.map((s) => [s.level, s.index, s.entryAddress])).toEqual([
      ["PDE", 0, PD],
      ["PTE", 1, PT + 4],
    ]);
    expect(r.trace?.steps[1]?.flags).toEqual(["P", "US", "A"]);
    expect(r.trace?.stop).toContain("0x7");
    const view = r.trace ? toTraceView(r.trace) : undefined;
    expect(view?.steps[0]).toEqual({ level: "PDE", entryAddress: "0x1000", entryValue: "0x2067", flags: ["P", "RW", "US", "A", "D"] });
    expect(walk32(cpu(), mem, 0x1234, "read").trace).toBeUndefined();
  });

  it("names PS in a 4 MB PDE and PAT in a PTE", () => {
    const mem = machine(0x067, 0x50a5);
    mem.write32(PD + 4, 0x00401187);
    expect(walk32(cpu(), mem, 0x1000, "read", { trace: true }).trace?.steps[1]?.flags).toEqual(["P", "US", "A", "PAT"]);
    expect(walk32(cpu(), mem, 0x400000, "read", { trace: true }).trace?.steps[0]?.flags).toEqual(["P", "RW", "US", "PS", "G", "PAT"]);
  });
});
