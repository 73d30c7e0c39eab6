import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "../memory/physical-memory";
import { CR0_PE, CR0_PG, CR0_WP, CR4_LA57, CR4_PAE, CR4_PSE, EFER_LMA, EFER_LME, EFER_NXE } from "./constants";
import type { PagingMode } from "../paging-formats";
import type { CpuState } from "./cpu-state";
import { listMappings, type AddressSpace, type Mapping } from "./mappings";
import { translate } from "./translate";

type Mode = Exclude<PagingMode, "none">;
const MODES: Mode[] = ["i386", "pae", "4-level", "5-level"];
const CR3 = 0x1000;
const PAE_CR3 = 0x1020;

// Registers of each mode; NXE on half of the runs decides whether bit 63 is XD or reserved.
function registers(mode: Mode, nxe: boolean): AddressSpace {
  const efer = (nxe ? EFER_NXE : 0) | (mode === "4-level" || mode === "5-level" ? EFER_LME | EFER_LMA : 0);
  if (mode === "i386") return { mode, cr3: CR3, cr4: CR4_PSE, efer: 0 };
  if (mode === "pae") return { mode, cr3: PAE_CR3, cr4: CR4_PAE, efer };
  return { mode, cr3: CR3, cr4: CR4_PAE | (mode === "5-level" ? CR4_LA57 : 0), efer };
}

// Entries are written only at a few indices per table, so random VAs built from the same indices hit them often.
const INDICES_64 = [0, 3, 256, 511];
const INDICES_32 = [0, 32, 768, 1023];
const flagBits = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0x1, 0x3, 0x5, 0x7, 0x67, 0x63, 0x25, 0x27, 0x165) },
  { weight: 2, arbitrary: fc.constantFrom(0x81, 0x83, 0x85, 0x87, 0xe7, 0x1e3) },
  { weight: 1, arbitrary: fc.constantFrom(0x0, 0x6, 0x21) },
);

const entryArb = fc.record({
  table: fc.integer({ min: 1, max: 3 }),
  slot: fc.integer({ min: 0, max: 3 }),
  target: fc.integer({ min: 1, max: 5 }), // frames 1..3 are tables; 4, 5 are data
  highFrame: fc.integer({ min: 0, max: 3 }),
  flags: flagBits,
  nx: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
  // Occasionally one stray bit anywhere in the entry, which is reserved in some modes and levels.
  stray: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 63 }) }),
});

type EntrySpec = typeof entryArb extends fc.Arbitrary<infer T> ? T : never;

function buildMemory(mode: Mode, entries: EntrySpec[]): PhysicalMemory {
  const mem = new PhysicalMemory();
  for (const e of entries) {
    if (mode === "i386") {
      const index = INDICES_32[e.slot] ?? 0;
      let value = (e.target * 0x1000 + e.flags) >>> 0;
      if (e.stray !== null && e.stray < 32) value = (value | (1 << e.stray)) >>> 0;
      mem.write32(e.table * 0x1000 + index * 4, value);
    } else {
      const index = mode === "pae" && e.table === 1 ? e.slot % 4 : (INDICES_64[e.slot] ?? 0);
      const base = mode === "pae" && e.table === 1 ? PAE_CR3 : e.table * 0x1000;
      // PDPTEs accept only P, PWT, PCD and the address; keep most of them loadable so the PAE runs are not all #GP.
      const flags = mode === "pae" && e.table === 1 && e.flags !== 0x21 ? e.flags & 0x19 : e.flags;
      let value = (BigInt(e.highFrame) << 32n) * BigInt(e.target > 3 ? 1 : 0) + BigInt(e.target * 0x1000 + flags);
      if (e.nx && !(mode === "pae" && e.table === 1)) value |= 1n << 63n;
      if (e.stray !== null) value |= 1n << BigInt(e.stray);
      mem.write64(base + index * 8, value);
    }
  }
  return mem;
}

function vaArb(mode: Mode): fc.Arbitrary<bigint> {
  const levels = mode === "i386" ? 2 : mode === "pae" ? 3 : mode === "4-level" ? 4 : 5;
  const indices = mode === "i386" ? INDICES_32 : INDICES_64;
  return fc.tuple(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: levels, maxLength: levels }), fc.integer({ min: 0, max: 4095 })).map(([slots, offset]) => {
    let va = 0n;
    slots.forEach((slot, level) => {
      const bits = mode === "i386" ? 10 : 9;
      const width = mode === "pae" && level === 0 ? 2 : bits;
      const index = BigInt((indices[slot] ?? 0) % 2 ** width);
      va = (va << BigInt(width)) | index;
    });
    va = (va << 12n) | BigInt(offset);
    if (mode === "4-level" && va & (1n << 47n)) va |= 0xffff000000000000n;
    if (mode === "5-level" && va & (1n << 56n)) va |= 0xfe00000000000000n;
    return va;
  });
}

function cpuFor(space: AddressSpace, over: Partial<CpuState>): CpuState {
  return { cr0: (CR0_PG | CR0_PE) >>> 0, cr3: space.cr3, cr4: space.cr4, efer: space.efer, ac: false, user: false, ...over };
}

function containing(maps: Mapping[], va: bigint): Mapping | undefined {
  return maps.find((m) => va >= m.va && va < m.va + BigInt(m.size));
}

describe.each(MODES)("mappings agree with translate (%s)", (mode) => {
  const stats = { runs: 0, nonEmpty: 0, hits: 0 };
  it("every listed mapping translates with its rights, and every translated VA is listed", () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 16, maxLength: 48 }), fc.boolean(), fc.array(vaArb(mode), { minLength: 8, maxLength: 8 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (entries, nxe, vas, frac) => {
        const space = registers(mode, nxe);
        const mem = buildMemory(mode, entries);
        const maps = listMappings(mem, space);
        stats.runs++;
        if (maps.length > 0) stats.nonEmpty++;
        const kernelRead = cpuFor(space, {});
        for (let i = 1; i < maps.length; i++) expect((maps[i]?.va ?? 0n) > (maps[i - 1]?.va ?? 0n)).toBe(true);
        for (const m of maps.slice(0, 40)) {
          const offset = BigInt(Math.floor(frac * m.size));
          const va = m.va + offset;
          expect(translate(kernelRead, mem, va, "read")).toEqual({ ok: true, pa: m.pa + Number(offset), pageSize: m.size });
          expect(translate(cpuFor(space, { user: true }), mem, va, "read").ok).toBe(m.user);
          expect(translate(cpuFor(space, { cr0: (CR0_PG | CR0_PE | CR0_WP) >>> 0 }), mem, va, "write").ok).toBe(m.writable);
          expect(translate(cpuFor(space, { user: true }), mem, va, "exec").ok).toBe(m.user && !m.nx);
        }
        // Besides random VAs, probe just past and just before each mapping: the edges are where bugs live.
        const edges = maps.slice(0, 8).flatMap((m) => [m.va + BigInt(m.size), m.va - 1n]);
        const probes = [...vas, ...edges].filter((va) => va >= 0n && va < (mode === "i386" || mode === "pae" ? 1n << 32n : 1n << 64n));
        for (const va of probes) {
          const r = translate(kernelRead, mem, va, "read");
          const m = containing(maps, va);
          if (m) stats.hits++;
          expect(r.ok).toBe(m !== undefined);
          if (r.ok && m) expect(r.pa).toBe(m.pa + Number(va - m.va));
        }
      }),
      // A fixed seed per mode: CI must not depend on the draw (a random one once gave exactly 20 hits in 5-level mode
      // and failed the guard below); change the seed to explore other machines.
      { numRuns: 150, seed: 0x5eed + MODES.indexOf(mode) },
    );
    // Guard against a vacuous property: the generator must produce real mappings and random VAs must hit them.
    expect(stats.nonEmpty).toBeGreaterThan(stats.runs / 4);
    expect(stats.hits).toBeGreaterThan(20);
  });
});

describe("listMappings on a hand-made address space", () => {
  it("lists 4 MB and 4 KB leaves with combined rights (i386)", () => {
    const mem = new PhysicalMemory();
    mem.write32(CR3 + 4 * 768, 0x00000000 | 0x1e3);
    mem.write32(CR3 + 4 * 32, 0x2000 | 0x065);
    mem.write32(0x2000 + 4 * 72, 0x7000 | 0x067);
    const maps = listMappings(mem, registers("i386", false));
    expect(maps).toEqual([
      { va: 0x08048000n, pa: 0x7000, size: 4096, user: true, writable: false, nx: false, global: false },
      { va: 0xc0000000n, pa: 0, size: 4194304, user: false, writable: true, nx: false, global: true },
    ]);
  });
});
