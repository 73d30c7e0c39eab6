import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "../memory/physical-memory";
import { CR0_PE, CR0_PG, CR0_WP, CR4_LA57, CR4_PAE, CR4_PKE, CR4_SMAP, CR4_SMEP, EFER_LMA, EFER_LME, EFER_NXE } from "./constants";
import type { CpuState } from "./cpu-state";
import { translate } from "./translate";
import type { Access } from "./types";

const NX = 1n << 63n;
const PML4 = 0x1000;
const PG = (CR0_PG | CR0_WP | CR0_PE) >>> 0;
const cpu = (over: Partial<CpuState> = {}): CpuState => ({
  cr0: PG,
  cr3: PML4,
  cr4: CR4_PAE,
  efer: EFER_LME | EFER_LMA | EFER_NXE,
  ac: false,
  user: false,
  ...over,
});

function idx(va: bigint, shift: number): number {
  return Number((va >> BigInt(shift)) & 511n);
}

// Maps `va` with a 4 KB page through fresh tables at 0x2000, 0x3000, 0x4000; `flags` per level [pml4e, pdpte, pde, pte].
function map4k(va: bigint, pa: bigint, flags: [bigint, bigint, bigint, bigint]): PhysicalMemory {
  const mem = new PhysicalMemory();
  mem.write64(PML4 + idx(va, 39) * 8, 0x2000n | flags[0]);
  mem.write64(0x2000 + idx(va, 30) * 8, 0x3000n | flags[1]);
  mem.write64(0x3000 + idx(va, 21) * 8, 0x4000n | flags[2]);
  mem.write64(0x4000 + idx(va, 12) * 8, pa | flags[3]);
  return mem;
}

function result(mem: PhysicalMemory, c: CpuState, va: bigint, access: Access): string {
  const r = translate(c, mem, va, access);
  if (r.ok) return `pa 0x${r.pa.toString(16)} ${r.pageSize}`;
  if (r.fault === "GP") return "GP";
  expect(r.cr2).toBe(va);
  return `PF 0x${r.errorCode.toString(16)}`;
}

describe("4-level walk", () => {
  const va = 0x00007f12_3456_7abcn;
  const user: [bigint, bigint, bigint, bigint] = [0x67n, 0x67n, 0x67n, 0x67n];

  it("resolves a 4 KB user page", () => {
    expect(result(map4k(va, 0x9000n, user), cpu({ user: true }), va, "write")).toBe("pa 0x9abc 4096");
  });

  it("index split examples of facts §2.2", () => {
    const mem = new PhysicalMemory();
    mem.write64(PML4 + 273 * 8, 0x2000n | 0x63n);
    mem.write64(0x2000, 0x00000000n | 0x1e3n | NX); // 1 GB page at PA 0
    expect(result(mem, cpu(), 0xffff888000000000n, "read")).toBe("pa 0x0 1073741824");
    expect(result(mem, cpu(), 0xffff888012345678n, "read")).toBe("pa 0x12345678 1073741824");
    expect(result(mem, cpu(), 0xffff888012345678n, "exec")).toBe("PF 0x11");
    mem.write64(PML4 + 511 * 8, 0x5000n | 0x67n); // Linux sets USER on the vsyscall path (set_vsyscall_pgtable_user_bits)
    mem.write64(0x5000 + 510 * 8, 0x6000n | 0x63n);
    mem.write64(0x6000, 0x200000n | 0x1e3n); // 2 MB page
    expect(result(mem, cpu(), 0xffffffff80123456n, "exec")).toBe("pa 0x323456 2097152");
    mem.write64(0x5000 + 511 * 8, 0x7000n | 0x67n);
    mem.write64(0x7000 + 507 * 8, 0x8000n | 0x67n);
    mem.write64(0x8000, 0xabc000n | 0x165n);
    expect(result(mem, cpu({ user: true }), 0xffffffffff600000n, "exec")).toBe("pa 0xabc000 4096");
    expect(result(mem, cpu({ user: true }), 0xffffffffff600000n, "write")).toBe("PF 0x7");
  });

  it("non-canonical addresses raise #GP, never #PF", () => {
    const mem = new PhysicalMemory();
    expect(result(mem, cpu(), 0x0000800000000000n, "read")).toBe("GP");
    expect(result(mem, cpu(), 0xffff7fffffffffffn, "read")).toBe("GP");
    expect(result(mem, cpu(), 0x00007ffffffff000n, "read")).toBe("PF 0x0");
    expect(result(mem, cpu({ cr4: CR4_PAE | CR4_LA57 }), 0x0000800000000000n, "read")).toBe("PF 0x0");
    expect(result(mem, cpu({ cr4: CR4_PAE | CR4_LA57 }), 0x0100000000000000n, "read")).toBe("GP");
  });

  it("the worked error codes in 4-level mode", () => {
    expect(result(map4k(va, 0x9000n, [0x67n, 0x67n, 0x67n, 0x25n]), cpu({ user: true }), va, "write")).toBe("PF 0x7");
    expect(result(map4k(va, 0x9000n, [0x67n, 0x67n, 0x67n, 0n]), cpu({ user: true }), va, "read")).toBe("PF 0x4");
    expect(result(map4k(va, 0x9000n, user), cpu({ user: true }), va + (1n << 21n), "read")).toBe("PF 0x4");
    expect(result(map4k(va, 0x9000n, [0x67n, 0x67n, 0x67n, 0x25n | NX]), cpu({ user: true }), va, "exec")).toBe("PF 0x15");
    expect(result(map4k(va, 0x9000n, user), cpu({ cr4: CR4_PAE | CR4_SMAP }), va, "read")).toBe("PF 0x1");
    expect(result(map4k(va, 0x9000n, user), cpu({ cr4: CR4_PAE | CR4_SMAP, ac: true }), va, "read")).toBe("pa 0x9abc 4096");
    expect(result(map4k(va, 0x9000n, user), cpu({ cr4: CR4_PAE | CR4_SMEP }), va, "exec")).toBe("PF 0x11");
  });

  it("XD at any level disables fetches; XD is reserved without NXE (RSVD)", () => {
    const mem = map4k(va, 0x9000n, [0x67n | NX, 0x67n, 0x67n, 0x67n]);
    expect(result(mem, cpu({ user: true }), va, "exec")).toBe("PF 0x15");
    expect(result(mem, cpu({ user: true }), va, "read")).toBe("pa 0x9abc 4096");
    expect(result(mem, cpu({ user: true, efer: EFER_LME | EFER_LMA }), va, "read")).toBe("PF 0xd");
    // Without NXE a fetch fault has I/D = 0 unless SMEP is on.
    const noX = map4k(va, 0x9000n, [0x67n, 0x67n, 0x67n, 0n]);
    expect(result(noX, cpu({ user: true, efer: EFER_LME | EFER_LMA }), va, "exec")).toBe("PF 0x4");
    expect(result(noX, cpu({ user: true }), va, "exec")).toBe("PF 0x14");
  });

  it("PS in a PML4E is reserved; PA bits above MAXPHYADDR are reserved", () => {
    const mem = map4k(va, 0x9000n, [0x67n | 0x80n, 0x67n, 0x67n, 0x67n]);
    expect(result(mem, cpu({ user: true }), va, "read")).toBe("PF 0xd");
    const high = map4k(va, 0x10_0000_0000n, user); // PA bit 36
    expect(translate(cpu({ user: true }), high, va, "read", { maxPhyAddr: 36 })).toMatchObject({ ok: false, errorCode: 0xd });
    expect(translate(cpu({ user: true }), high, va, "read", { maxPhyAddr: 40 })).toMatchObject({ ok: true, pa: 0x10_0000_0abc });
  });

  it("bits 20:13 of a 2 MB page and 29:13 of a 1 GB page are reserved; 1 GB needs CPU support", () => {
    const mem = new PhysicalMemory();
    mem.write64(PML4, 0x2000n | 0x63n);
    mem.write64(0x2000, 0x40000000n | 0x2000n | 0xe3n); // 1 GB with bit 13 set
    expect(result(mem, cpu(), 0x40000000n - 0x40000000n, "read")).toBe("PF 0x9");
    mem.write64(0x2000, 0x40000000n | 0xe3n);
    expect(result(mem, cpu(), 0x123n, "read")).toBe("pa 0x40000123 1073741824");
    expect(translate(cpu(), mem, 0x123n, "read", { gbPages: false })).toMatchObject({ ok: false, errorCode: 0x9 });
    mem.write64(0x2000, 0x3000n | 0x63n);
    mem.write64(0x3000, 0x200000n | 0x100000n | 0xe3n); // 2 MB with bit 20 set
    expect(result(mem, cpu(), 0x5n, "read")).toBe("PF 0x9");
  });

  it("5-level adds a PML5 level above", () => {
    const mem = new PhysicalMemory();
    const va5 = 0x00ff_8000_0000_1000n;
    mem.write64(PML4 + idx(va5, 48) * 8, 0x2000n | 0x67n);
    mem.write64(0x2000 + idx(va5, 39) * 8, 0x3000n | 0x67n);
    mem.write64(0x3000 + idx(va5, 30) * 8, 0x4000n | 0x67n);
    mem.write64(0x4000 + idx(va5, 21) * 8, 0x5000n | 0x67n);
    mem.write64(0x5000 + idx(va5, 12) * 8, 0x7000n | 0x67n);
    const r = translate(cpu({ cr4: CR4_PAE | CR4_LA57, user: true }), mem, va5, "read", { trace: true });
    expect(r).toMatchObject({ ok: true, pa: 0x7000 });
    expect(r.trace?.steps.map((s) => s.level)).toEqual(["PML5E", "PML4E", "PDPTE", "PDE", "PTE"]);
  });

  it("protection keys: AD blocks data access, WD blocks writes (supervisor only with WP)", () => {
    const key = 5n;
    const mem = map4k(va, 0x9000n, [0x67n, 0x67n, 0x67n, 0x67n | (key << 59n)]);
    const c = cpu({ user: true, cr4: CR4_PAE | CR4_PKE });
    expect(result(mem, { ...c, pkru: 1 << 10 }, va, "read")).toBe("PF 0x25");
    expect(result(mem, { ...c, pkru: 1 << 11 }, va, "read")).toBe("pa 0x9abc 4096");
    expect(result(mem, { ...c, pkru: 1 << 11 }, va, "write")).toBe("PF 0x27");
    expect(result(mem, { ...c, pkru: 1 << 10 }, va, "exec")).toBe("pa 0x9abc 4096");
    expect(result(mem, { ...c, user: false, cr0: (CR0_PG | CR0_PE) >>> 0, pkru: 1 << 11 }, va, "write")).toBe("pa 0x9abc 4096");
  });

  it("updates A at every level and D at the leaf on success", () => {
    const mem = map4k(va, 0x9000n, [0x7n, 0x7n, 0x7n, 0x7n]);
    translate(cpu({ user: true }), mem, va, "write", { updateAccessedDirty: true });
    expect(mem.read64(PML4 + idx(va, 39) * 8)).toBe(0x2027n);
    expect(mem.read64(0x3000 + idx(va, 21) * 8)).toBe(0x4027n);
    expect(mem.read64(0x4000 + idx(va, 12) * 8)).toBe(0x9067n);
  });
});

describe("PAE walk", () => {
  const pae = (over: Partial<CpuState> = {}): CpuState => cpu({ cr3: 0x1020, efer: EFER_NXE, ...over });
  function paeMem(pdpte: bigint, pde: bigint, pte: bigint): PhysicalMemory {
    const mem = new PhysicalMemory();
    mem.write64(0x1020 + 3 * 8, 0x2000n | pdpte); // PDPT at 0x1020 (32-byte aligned), entry 3 = 0xc0000000..
    mem.write64(0x2000 + 1 * 8, 0x3000n | pde);
    mem.write64(0x3000 + 2 * 8, 0x1_2345_6000n | pte);
    return mem;
  }
  const va = 0xc0202abcn;

  it("resolves through PDPTE, PDE, PTE above 4 GB", () => {
    expect(result(paeMem(1n, 0x67n, 0x67n), pae({ user: true }), va, "write")).toBe("pa 0x123456abc 4096");
  });

  it("PDPTE bits cannot restrict rights; PDE and PTE combine", () => {
    expect(result(paeMem(1n, 0x67n, 0x67n), pae({ user: true }), va, "write")).toContain("pa");
    expect(result(paeMem(1n, 0x65n, 0x67n), pae({ user: true }), va, "write")).toBe("PF 0x7");
    expect(result(paeMem(1n, 0x63n, 0x67n), pae({ user: true }), va, "read")).toBe("PF 0x5");
  });

  it("reserved bits in a present PDPTE raise #GP at CR3 load; lenient mode accepts QEMU's A bit", () => {
    const mem = paeMem(0x21n, 0x67n, 0x67n);
    expect(result(mem, pae(), va, "read")).toBe("GP");
    expect(result(mem, pae(), 0x1000n, "read")).toBe("GP"); // any access: the load itself fails
    expect(translate(pae(), mem, va, "read", { pdpteCheck: "lenient" })).toMatchObject({ ok: true });
    expect(result(paeMem(0x3n, 0x67n, 0x67n), pae(), va, "read")).toBe("GP"); // RW is reserved in a PDPTE
    expect(result(paeMem(1n | NX, 0x67n, 0x67n), pae(), va, "read")).toBe("GP");
  });

  it("a not-present PDPTE is a #PF with P=0", () => {
    expect(result(paeMem(0n, 0x67n, 0x67n), pae({ user: true }), va, "read")).toBe("PF 0x4");
  });

  it("2 MB pages, NX with NXE, bit 63 reserved without NXE", () => {
    const mem = paeMem(1n, 0x400000n | 0xe7n | NX, 0n);
    mem.write64(0x2000 + 8, 0x400000n | 0xe7n | NX);
    expect(result(mem, pae({ user: true }), va, "read")).toBe("pa 0x402abc 2097152");
    expect(result(mem, pae({ user: true }), va, "exec")).toBe("PF 0x15");
    expect(result(mem, pae({ user: true, efer: 0 }), va, "read")).toBe("PF 0xd");
    mem.write64(0x2000 + 8, 0x400000n | 0x2000n | 0xe7n);
    expect(result(mem, pae({ user: true }), va, "read")).toBe("PF 0xd");
  });

  it("bits 62:M of PDEs and PTEs are reserved in PAE (no ignored high bits)", () => {
    const mem = paeMem(1n, 0x67n, 0x67n | (1n << 58n));
    expect(result(mem, pae({ user: true }), va, "read")).toBe("PF 0xd");
  });
});
