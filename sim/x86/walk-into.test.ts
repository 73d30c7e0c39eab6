import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhysicalMemory } from "../memory/physical-memory";
import { CR0_PE, CR0_PG, CR0_WP, CR4_LA57, CR4_PAE, CR4_PKE, CR4_PSE, CR4_SMAP, CR4_SMEP, EFER_LMA, EFER_LME, EFER_NXE, PTE_D, PTE_G, PTE_RW, PTE_US } from "./constants";
import type { PagingMode } from "../paging-formats";
import type { CpuState, TranslationResult, Walk64Options } from "./cpu-state";
import { translate, walkInto } from "./translate";
import type { Access } from "./types";
import { walk32, walk32Into } from "./walk32";
import { splitVa, walkLong, walkLongInto } from "./walk-long";
import { walkPae, walkPaeInto } from "./walk-pae";
import { createWalkRecord, decodeLeaf, toTranslation, WALK_OK, type LeafDetails, type WalkRecord, type WalkStatus } from "./walk-record";

// The non-allocating walkers must equal the allocating ones on random page tables: same status, PA, page size,
// error code and CR2, the same memory afterwards (A/D updates), and leaf details that match the traced entries.

type Mode = Exclude<PagingMode, "none">;
const INDICES: Record<Mode, number[]> = { i386: [0, 1, 768, 1023], pae: [0, 1, 2, 3], "4-level": [0, 1, 256, 511], "5-level": [0, 1, 256, 511] };
const LEVELS: Record<Mode, number> = { i386: 2, pae: 3, "4-level": 4, "5-level": 5 };

const flags = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(0x67, 0x63, 0x25, 0x27, 0x07, 0x05, 0x01, 0x165, 0x1e7, 0x167, 0x65) },
  { weight: 2, arbitrary: fc.constantFrom(0x81, 0x87, 0xe7, 0x1e3, 0x1e1) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xfff }) },
);
const entryArb = fc.record({
  // Mostly the next level's table (so walks go deep and succeed often), else any frame, table or data.
  // Large-page frames (2 MB, 4 MB and 1 GB aligned) now and then, so large leaves resolve as well as fault.
  target: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 7 }) }, { weight: 1, arbitrary: fc.constantFrom(0x200, 0x400, 0x40000) }),
  flags,
  hi: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(0x80000000, 0x1, 0x48000000, 0x80000003) }, { weight: 1, arbitrary: fc.nat({ max: 0xffffffff }) }),
  stray: fc.oneof({ weight: 10, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 12, max: 31 }).map((b) => (1 << b) >>> 0) }),
});
type EntrySpec = typeof entryArb extends fc.Arbitrary<infer T> ? T : never;

const cpuArb = fc.record({
  wp: fc.boolean(),
  cr4: fc.subarray([CR4_PSE, CR4_SMEP, CR4_SMAP, CR4_PKE]).map((bits) => bits.reduce((a, b) => a | b, 0)),
  nxe: fc.boolean(),
  user: fc.boolean(),
  ac: fc.boolean(),
  implicit: fc.boolean(),
  pkru: fc.oneof(fc.constant(0), fc.nat({ max: 0xffffffff })),
});
const optionsArb = fc.record({
  maxPhyAddr: fc.integer({ min: 32, max: 52 }),
  updateAccessedDirty: fc.boolean(),
  pdpteCheck: fc.constantFrom<"strict" | "lenient">("strict", "lenient"),
  gbPages: fc.boolean(),
});
const accessArb = fc.constantFrom<Access>("read", "write", "exec");

function buildMemory(mode: Mode, entries: EntrySpec[]): PhysicalMemory {
  const mem = new PhysicalMemory();
  // Entry i is slot i % 4 of the table in frame 1 + i / 4 (frame k holds the level-k table, 1 = top).
  for (const [i, spec] of entries.entries()) {
    const table = 1 + Math.floor(i / 4);
    if (table > LEVELS[mode]) break;
    const e = { ...spec, table, slot: i % 4, target: spec.target === 0 ? table + 1 : spec.target };
    const lo = (e.target * 0x1000 + e.flags + e.stray) >>> 0;
    const index = INDICES[mode][e.slot] ?? 0;
    if (mode === "i386") mem.write32(e.table * 0x1000 + index * 4, lo);
    else if (mode === "pae" && e.table === 1) mem.write64(0x1000 + e.slot * 8, (BigInt(e.hi & 0x7) << 32n) | BigInt(lo & ~0x1e6)); // PDPTEs: mostly acceptable
    else mem.write64(e.table * 0x1000 + index * 8, (BigInt(e.hi) << 32n) | BigInt(lo));
  }
  return mem;
}

function cpuFor(mode: Mode, c: typeof cpuArb extends fc.Arbitrary<infer T> ? T : never): CpuState {
  const long = mode === "4-level" || mode === "5-level";
  const cr4 = mode === "i386" ? c.cr4 : c.cr4 | CR4_PAE | (mode === "5-level" ? CR4_LA57 : 0);
  const efer = (c.nxe && mode !== "i386" ? EFER_NXE : 0) | (long ? EFER_LME | EFER_LMA : 0);
  return { cr0: (CR0_PG | CR0_PE | (c.wp ? CR0_WP : 0)) >>> 0, cr3: 0x1000, cr4, efer, ac: c.ac, user: c.user, implicit: c.implicit, pkru: c.pkru };
}

// A VA built from the populated indices, a random offset, and now and then a random (maybe non-canonical) one.
function vaArb(mode: Mode): fc.Arbitrary<bigint> {
  const levels = LEVELS[mode];
  const built = fc.tuple(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: levels, maxLength: levels }), fc.nat({ max: 4095 })).map(([slots, offset]) => {
    let va = 0n;
    for (let level = 0; level < levels; level++) {
      const shift = 12 + level * (mode === "i386" ? 10 : 9); // level 0 is the PT index
      va |= BigInt(INDICES[mode][slots[level] ?? 0] ?? 0) << BigInt(shift);
    }
    if ((mode === "4-level" && va >= 1n << 47n) || (mode === "5-level" && va >= 1n << 56n)) va |= mode === "4-level" ? 0xffff000000000000n : 0xfe00000000000000n;
    return va | BigInt(offset);
  });
  const wide = mode === "i386" || mode === "pae" ? fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }) : fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
  return fc.oneof({ weight: 8, arbitrary: built }, { weight: 1, arbitrary: wide });
}

// "" when both memories hold the same frames with the same bytes, else where they first differ (toEqual on the
// byte arrays is far slower than this loop).
function memoryDiff(a: PhysicalMemory, b: PhysicalMemory): string {
  const wa = a.toWire();
  const wb = b.toWire();
  if (wa.frames.join() !== wb.frames.join()) return `frames ${wa.frames.join()} vs ${wb.frames.join()}`;
  for (let i = 0; i < wa.bytes.length; i++) if (wa.bytes[i] !== wb.bytes[i]) return `byte ${i}: ${wa.bytes[i]} vs ${wb.bytes[i]}`;
  return "";
}

function allocating(mode: Mode, cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options: Walk64Options): TranslationResult {
  if (mode === "i386") {
    const r = walk32(cpu, mem, Number(va), access, { ...options, trace: true });
    const t: TranslationResult = r.ok ? { ok: true, pa: r.pa, pageSize: r.pageSize } : { ok: false, fault: "PF", errorCode: r.errorCode, cr2: BigInt(r.cr2) };
    if (r.trace) t.trace = r.trace;
    return t;
  }
  if (mode === "pae") return walkPae(cpu, mem, Number(va), access, { ...options, trace: true });
  return walkLong(cpu, mem, va, access, mode === "5-level", { ...options, trace: true });
}

function into(mode: Mode, cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, out: WalkRecord, options: Walk64Options): WalkStatus {
  if (mode === "i386") return walk32Into(cpu, mem, Number(va), access, out, options);
  if (mode === "pae") return walkPaeInto(cpu, mem, Number(va), access, out, options);
  const [hi, lo] = splitVa(va);
  return walkLongInto(cpu, mem, hi, lo, access, mode === "5-level", out, options);
}

// What the record should say, read off the traced walk's entries (the PAE PDPTE grants no rights).
function expectedDetails(mode: Mode, cpu: CpuState, r: TranslationResult, access: Access, updateAd: boolean): LeafDetails {
  const steps = (r.trace?.steps ?? []).filter((s) => !(mode === "pae" && s.level === "PDPTE"));
  const values = steps.map((s) => BigInt(s.entryValue));
  const leaf = values[values.length - 1] ?? 0n;
  const rights = values.reduce((a, v) => a & v, BigInt(PTE_US | PTE_RW));
  const nxe = mode !== "i386" && (cpu.efer & EFER_NXE) !== 0;
  return {
    user: (rights & BigInt(PTE_US)) !== 0n,
    writable: (rights & BigInt(PTE_RW)) !== 0n,
    nx: nxe && values.some((v) => v >> 63n === 1n),
    dirty: (leaf & BigInt(PTE_D)) !== 0n || (updateAd && access === "write"),
    global: (leaf & BigInt(PTE_G)) !== 0n,
    pkey: mode === "4-level" || mode === "5-level" ? Number((leaf >> 59n) & 0xfn) : 0,
  };
}

describe("non-allocating walkers equal the allocating ones (fast-check)", () => {
  for (const mode of ["i386", "pae", "4-level", "5-level"] as const) {
    it(`${mode}: status, pa, page size, error code, CR2, memory after A/D updates, leaf details`, () => {
      fc.assert(
        fc.property(fc.array(entryArb, { minLength: 20, maxLength: 20 }), cpuArb, optionsArb, accessArb, vaArb(mode), (entries, c, options, access, va) => {
          const cpu = cpuFor(mode, c);
          const memA = buildMemory(mode, entries);
          const memB = memA.clone();
          const expected = allocating(mode, cpu, memA, va, access, options);
          const out = createWalkRecord();
          const status = into(mode, cpu, memB, va, access, out, options);
          const { trace: _trace, ...plain } = expected;
          expect(toTranslation(status, out, BigInt.asUintN(64, va))).toEqual(plain);
          expect(memoryDiff(memA, memB)).toBe("");
          if (status === WALK_OK) expect(decodeLeaf(out.leaf)).toEqual(expectedDetails(mode, cpu, expected, access, options.updateAccessedDirty));
        }),
        { numRuns: 1500, seed: 17 },
      );
    });

    it(`${mode}: translate (fast path) equals translate with a trace (the allocating walkers)`, () => {
      fc.assert(
        fc.property(fc.array(entryArb, { minLength: 20, maxLength: 20 }), cpuArb, optionsArb, accessArb, vaArb(mode), (entries, c, options, access, va) => {
          const cpu = cpuFor(mode, c);
          const memA = buildMemory(mode, entries);
          const memB = memA.clone();
          const { trace: _trace, ...traced } = translate(cpu, memA, va, access, { ...options, trace: true });
          expect(translate(cpu, memB, va, access, options)).toEqual(traced);
          expect(memoryDiff(memA, memB)).toBe("");
        }),
        { numRuns: 500, seed: 18 },
      );
    });
  }

  it("walkInto dispatches on the mode and reports CR2-free faults through toTranslation", () => {
    const mem = new PhysicalMemory();
    mem.write32(0x1000, 0x2067); // PDE -> PT at 0x2000
    mem.write32(0x2000 + 5 * 4, 0x9065); // PTE 5: frame 0x9000, user, read-only, dirty
    const cpu: CpuState = { cr0: (CR0_PG | CR0_PE | CR0_WP) >>> 0, cr3: 0x1000, cr4: 0, efer: 0, ac: false, user: true };
    const out = createWalkRecord();
    expect(walkInto(cpu, mem, "i386", 0, 0x5abc, "read", out)).toBe(WALK_OK);
    expect(out).toMatchObject({ pa: 0x9abc, pageSize: 4096 });
    expect(decodeLeaf(out.leaf)).toEqual({ user: true, writable: false, nx: false, dirty: true, global: false, pkey: 0 });
    const status = walkInto(cpu, mem, "i386", 0, 0x5abc, "write", out);
    expect(toTranslation(status, out, 0x5abcn)).toEqual({ ok: false, fault: "PF", errorCode: 0x7, cr2: 0x5abcn }); // facts §1.5
  });
});
