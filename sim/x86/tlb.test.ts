import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "../memory/physical-memory";
import { CR0_PE, CR0_PG, CR0_WP, CR4_PAE, CR4_PGE, CR4_PKE, CR4_PSE, CR4_SMAP, CR4_SMEP, EFER_LMA, EFER_LME, EFER_NXE, PTE_A, PTE_D } from "./constants";
import type { PagingMode } from "../paging-formats";
import type { CpuState } from "./cpu-state";
import { Tlb } from "./tlb";
import { translate } from "./translate";

// SDM §4.10 (TLBs): what is cached, what a hit still checks, and what forgets. The machine is 32-bit paging with
// one page table: PDE 0 -> PT at 0x2000; PTE 5 maps VA 0x5000.
const PG = (CR0_PG | CR0_PE | CR0_WP) >>> 0;
const VA = 0x5abcn;
const PTE_AT = 0x2000 + 5 * 4;

function machine(pte: number): { mem: PhysicalMemory; cpu: CpuState; tlb: Tlb } {
  const mem = new PhysicalMemory();
  mem.write32(0x1000, 0x2067); // PDE: P|RW|US|A|D, page table at 0x2000
  mem.write32(PTE_AT, pte);
  return { mem, cpu: { cr0: PG, cr3: 0x1000, cr4: CR4_PSE, efer: 0, ac: false, user: true }, tlb: new Tlb() };
}

describe("TLB (SDM §4.10)", () => {
  it("a hit keeps the old translation after the PTE changes in memory without INVLPG; INVLPG makes the walk see it", () => {
    const { mem, cpu, tlb } = machine(0x9067);
    expect(translate(cpu, mem, VA, "read", { tlb })).toEqual({ ok: true, pa: 0x9abc, pageSize: 4096 });
    mem.write32(PTE_AT, 0x7067); // remap to frame 0x7000, no INVLPG
    expect(translate(cpu, mem, VA, "read", { tlb })).toEqual({ ok: true, pa: 0x9abc, pageSize: 4096 });
    expect(translate(cpu, mem, VA, "read")).toEqual({ ok: true, pa: 0x7abc, pageSize: 4096 }); // memory says 0x7000
    mem.write32(PTE_AT, 0); // even unmapped: the stale entry still answers
    expect(translate(cpu, mem, VA, "read", { tlb })).toMatchObject({ ok: true, pa: 0x9abc });
    tlb.invlpg(0x5000n);
    expect(translate(cpu, mem, VA, "read", { tlb })).toEqual({ ok: false, fault: "PF", errorCode: 0x4, cr2: VA }); // facts §1.5
    expect([tlb.hits, tlb.misses]).toEqual([2, 2]);
  });

  it("a not-present fault is never cached: mapping the page afterwards works without INVLPG", () => {
    const { mem, cpu, tlb } = machine(0);
    expect(translate(cpu, mem, VA, "read", { tlb })).toMatchObject({ ok: false, errorCode: 0x4 });
    expect(tlb.size).toBe(0);
    mem.write32(PTE_AT, 0x9067);
    expect(translate(cpu, mem, VA, "read", { tlb })).toMatchObject({ ok: true, pa: 0x9abc });
  });

  it("a permission fault may come from the cached rights; the fault drops the entry, so the retry walks", () => {
    const { mem, cpu, tlb } = machine(0x9065); // read-only user page
    expect(translate(cpu, mem, VA, "read", { tlb })).toMatchObject({ ok: true });
    mem.write32(PTE_AT, 0x9067); // made writable in memory, no INVLPG (what Linux does when it upgrades rights)
    expect(translate(cpu, mem, VA, "write", { tlb })).toEqual({ ok: false, fault: "PF", errorCode: 0x7, cr2: VA }); // the stale R/W = 0
    expect(tlb.find(VA)).toBeNull();
    expect(translate(cpu, mem, VA, "write", { tlb })).toEqual({ ok: true, pa: 0x9abc, pageSize: 4096 }); // a spurious fault, retried
  });

  it("a hit checks today's CPL and CR0.WP against the cached rights", () => {
    const { mem, cpu, tlb } = machine(0x9025); // user, read-only, not dirty
    expect(translate(cpu, mem, VA, "read", { tlb })).toMatchObject({ ok: true });
    expect(translate({ ...cpu, user: false }, mem, VA, "write", { tlb })).toEqual({ ok: false, fault: "PF", errorCode: 0x3, cr2: VA });
    expect(translate(cpu, mem, VA, "read", { tlb })).toMatchObject({ ok: true }); // refilled
    expect(translate({ ...cpu, user: false, cr0: CR0_PG | CR0_PE }, mem, VA, "write", { tlb })).toMatchObject({ ok: true, pa: 0x9abc }); // WP = 0
  });

  it("a write through an entry with D = 0 walks again to set D; with D = 1 it does not", () => {
    const { mem, cpu, tlb } = machine(0x9027); // writable, A, not dirty
    expect(translate(cpu, mem, VA, "read", { tlb, updateAccessedDirty: true })).toMatchObject({ ok: true });
    expect(tlb.find(VA)).toMatchObject({ dirty: false, writable: true });
    expect(translate(cpu, mem, VA, "write", { tlb, updateAccessedDirty: true })).toMatchObject({ ok: true, pa: 0x9abc });
    expect(mem.read32(PTE_AT) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    expect(tlb.find(VA)).toMatchObject({ dirty: true });
    expect([tlb.hits, tlb.misses]).toEqual([0, 2]);
    mem.write32(PTE_AT, 0x9027); // D cleared in memory (as page writeback does), no INVLPG: the dirty entry is trusted
    expect(translate(cpu, mem, VA, "write", { tlb, updateAccessedDirty: true })).toMatchObject({ ok: true });
    expect(mem.read32(PTE_AT) & PTE_D).toBe(0);
    expect(tlb.hits).toBe(1);
  });

  it("the D re-walk sees the memory of now: a write after the PTE was cleared faults", () => {
    const { mem, cpu, tlb } = machine(0x9027);
    translate(cpu, mem, VA, "read", { tlb });
    mem.write32(PTE_AT, 0);
    expect(translate(cpu, mem, VA, "write", { tlb })).toEqual({ ok: false, fault: "PF", errorCode: 0x6, cr2: VA });
    expect(tlb.size).toBe(0);
  });

  it("CR3 loads flush non-global entries; G = 1 with CR4.PGE survives them, but not INVLPG", () => {
    const { mem, cpu, tlb } = machine(0x9067);
    mem.write32(PTE_AT + 4, 0xa167); // PTE 6: VA 0x6000 -> 0xa000, G = 1
    const pge = { ...cpu, cr4: CR4_PSE | CR4_PGE };
    translate(pge, mem, VA, "read", { tlb });
    translate(pge, mem, 0x6000n, "read", { tlb });
    expect(tlb.entries().map((e) => [e.va, e.global])).toEqual([[0x5000n, false], [0x6000n, true]]);
    tlb.reloadCr3(); // MOV CR3, CR3
    expect(tlb.entries().map((e) => e.va)).toEqual([0x6000n]);
    mem.write32(0x3000, 0x3067); // another address space at CR3 = 0x3000 (its PD maps nothing at 0x6000)
    expect(translate({ ...pge, cr3: 0x3000 }, mem, 0x6000n, "read", { tlb })).toEqual({ ok: true, pa: 0xa000, pageSize: 4096 });
    tlb.invlpg(0x6fffn);
    expect(translate({ ...pge, cr3: 0x3000 }, mem, 0x6000n, "read", { tlb })).toMatchObject({ ok: false, errorCode: 0x4 });
  });

  it("G = 1 without CR4.PGE is not global; toggling CR4.PGE flushes everything", () => {
    const { mem, cpu, tlb } = machine(0x9167);
    translate(cpu, mem, VA, "read", { tlb });
    expect(tlb.find(VA)?.global).toBe(false);
    const pge = { ...cpu, cr4: CR4_PSE | CR4_PGE };
    translate(pge, mem, VA, "read", { tlb }); // CR4.PGE 0 -> 1: flushed, refilled as global
    expect(tlb.find(VA)).toMatchObject({ global: true });
    expect(tlb.misses).toBe(2);
    translate(cpu, mem, VA, "read", { tlb }); // 1 -> 0: global entries go too
    expect(tlb.misses).toBe(3);
    expect(tlb.find(VA)?.global).toBe(false);
  });

  it("a changed CR3 seen by translate flushes (a context switch); SMEP 0 -> 1 flushes everything", () => {
    const { mem, cpu, tlb } = machine(0x9067);
    translate(cpu, mem, VA, "read", { tlb });
    mem.write32(0x4000, 0x2067); // a second PD sharing the page table
    translate({ ...cpu, cr3: 0x4000 }, mem, VA, "read", { tlb });
    expect(tlb.misses).toBe(2);
    translate({ ...cpu, cr3: 0x4000, cr4: CR4_PSE | CR4_SMEP }, mem, VA, "read", { tlb });
    expect(tlb.misses).toBe(3);
  });

  it("turning paging off (CR0.PG = 0) flushes everything, global entries too", () => {
    const { mem, cpu, tlb } = machine(0x9167);
    const pge = { ...cpu, cr4: CR4_PSE | CR4_PGE };
    translate(pge, mem, VA, "read", { tlb });
    expect(tlb.find(VA)?.global).toBe(true);
    expect(translate({ ...pge, cr0: CR0_PE }, mem, VA, "read", { tlb })).toEqual({ ok: true, pa: 0x5abc, pageSize: 4096 }); // pa = va
    expect(tlb.size).toBe(0);
  });

  it("4 MB pages are cached as one entry; INVLPG of any address inside drops it", () => {
    const { mem, cpu, tlb } = machine(0);
    mem.write32(0x1000 + 4, 0x00c000e7); // PDE 1: 4 MB page at 0xc00000
    expect(translate(cpu, mem, 0x400123n, "read", { tlb })).toEqual({ ok: true, pa: 0xc00123, pageSize: 4194304 });
    expect(translate(cpu, mem, 0x7fffffn, "read", { tlb })).toEqual({ ok: true, pa: 0xffffff, pageSize: 4194304 });
    expect(tlb.entries()).toEqual([{ va: 0x400000n, pa: 0xc00000, size: 4194304, user: true, writable: true, nx: false, dirty: true, global: false, pkey: 0 }]);
    tlb.invlpg(0x654321n);
    expect(tlb.size).toBe(0);
  });

  it("4-level: 1 GB and 2 MB entries with XD and the protection key; PKRU is checked on every hit", () => {
    const mem = new PhysicalMemory();
    const NX = 1n << 63n;
    mem.write64(0x1000, 0x2067n); // PML4E 0
    mem.write64(0x2000 + 8, 0x40000000n | 0xe7n | NX | (3n << 59n)); // PDPTE 1: 1 GB user page, XD, key 3
    const cpu: CpuState = { cr0: PG, cr3: 0x1000, cr4: CR4_PAE | CR4_PKE, efer: EFER_LME | EFER_LMA | EFER_NXE, ac: false, user: true, pkru: 0 };
    const tlb = new Tlb();
    expect(translate(cpu, mem, 0x4abcdef0n, "read", { tlb })).toEqual({ ok: true, pa: 0x4abcdef0, pageSize: 1073741824 });
    expect(tlb.find(0x7fffffffn)).toMatchObject({ va: 0x40000000n, size: 1073741824, nx: true, pkey: 3 });
    expect(translate(cpu, mem, 0x40000000n, "exec", { tlb })).toEqual({ ok: false, fault: "PF", errorCode: 0x15, cr2: 0x40000000n }); // facts §1.5
    translate(cpu, mem, 0x4abcdef0n, "read", { tlb });
    expect(translate({ ...cpu, pkru: 1 << 6 }, mem, 0x4abcdef0n, "read", { tlb })).toEqual({ ok: false, fault: "PF", errorCode: 0x25, cr2: 0x4abcdef0n }); // AD of key 3
    expect(translate(cpu, mem, 0x1_0000_0000_0000n, "read", { tlb })).toEqual({ ok: false, fault: "GP", errorCode: 0 }); // non-canonical
  });

  it("with a trace, a hit says so and a miss shows the walk", () => {
    const { mem, cpu, tlb } = machine(0x9067);
    expect(translate(cpu, mem, VA, "read", { tlb, trace: true }).trace?.steps.map((s) => s.level)).toEqual(["PDE", "PTE"]);
    expect(translate(cpu, mem, VA, "read", { tlb, trace: true }).trace).toEqual({ steps: [], stop: "TLB hit: page 0x5000 -> frame 0x9000, pa = 0x9abc" });
  });

  it("while memory and CR3 stay the same, translating through a TLB equals walking (fast-check, every mode)", () => {
    type Mode = Exclude<PagingMode, "none" | "5-level">;
    const LEVELS: Record<Mode, number> = { i386: 2, pae: 3, "4-level": 4 };
    const slots = (mode: Mode) => (mode === "i386" ? [0, 1, 768] : mode === "pae" ? [0, 1, 3] : [0, 1, 256]);
    const entry = fc.record({ flags: fc.constantFrom(0x67, 0x65, 0x27, 0x25, 0x07, 0x05, 0x63, 0x167, 0x0), nx: fc.boolean(), key: fc.nat({ max: 3 }) });
    const access = fc.record({
      va: fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 }), fc.nat({ max: 2 }), fc.nat({ max: 2 }), fc.nat({ max: 4095 })),
      access: fc.constantFrom("read" as const, "write" as const, "exec" as const),
      user: fc.boolean(),
      ac: fc.boolean(),
      wp: fc.boolean(),
      cr4: fc.subarray([CR4_SMEP, CR4_SMAP, CR4_PKE, CR4_PGE]).map((b) => b.reduce((x, y) => x | y, 0)),
      pkru: fc.constantFrom(0, 0xc, 0x55555554),
    });
    fc.assert(
      fc.property(fc.constantFrom<Mode>("i386", "pae", "4-level"), fc.array(entry, { minLength: 12, maxLength: 12 }), fc.boolean(), fc.array(access, { minLength: 1, maxLength: 40 }), fc.boolean(), (mode, entries, nxe, accesses, updateAccessedDirty) => {
        // Frame k (1 = top) holds the level-k table; entry i of it points to frame k + 1 (the last level: data).
        // Upper entries are _PAGE_TABLE or not present, so that the leaves' bits decide most accesses.
        const mem = new PhysicalMemory();
        const levels = LEVELS[mode];
        for (let t = 1; t <= levels; t++) {
          slots(mode).forEach((index, i) => {
            const e = entries[(t - 1) * 3 + i] ?? { flags: 0, nx: false, key: 0 };
            const upper = e.flags === 0 ? 0 : mode === "pae" && t === 1 ? 0x1 : 0x67;
            const value = (t + 1) * 0x1000 + (t === levels ? e.flags : upper);
            const hi = mode === "i386" || t < levels ? 0 : (e.nx && nxe ? 0x80000000 : 0) | (mode === "4-level" ? e.key << 27 : 0);
            if (mode === "i386") mem.write32(t * 0x1000 + index * 4, value);
            else mem.write64(t * 0x1000 + index * 8, (BigInt(hi) << 32n) | BigInt(value));
          });
        }
        const efer = (nxe && mode !== "i386" ? EFER_NXE : 0) | (mode === "4-level" ? EFER_LME | EFER_LMA : 0);
        const base = mode === "i386" ? CR4_PSE : CR4_PAE;
        const tlb = new Tlb();
        const memWalk = mem.clone();
        for (const a of accesses) {
          const parts = a.va.slice(0, levels).map((k, level) => BigInt(slots(mode)[k] ?? 0) << BigInt(12 + level * (mode === "i386" ? 10 : 9)));
          let va = parts.reduce((x, y) => x | y, BigInt(a.va[4]));
          if (mode === "4-level" && va >= 1n << 47n) va |= 0xffff000000000000n;
          const cpu: CpuState = { cr0: (CR0_PG | CR0_PE | (a.wp ? CR0_WP : 0)) >>> 0, cr3: 0x1000, cr4: base | a.cr4, efer, ac: a.ac, user: a.user, pkru: a.pkru };
          const cached = translate(cpu, mem, va, a.access, { tlb, updateAccessedDirty });
          expect(cached, `${a.access} 0x${va.toString(16)}`).toEqual(translate(cpu, memWalk, va, a.access, { updateAccessedDirty }));
        }
        expect(mem.toWire().bytes.join()).toBe(memWalk.toWire().bytes.join()); // the same A/D bits set
      }),
      { numRuns: 300, seed: 21 },
    );
  });
});
