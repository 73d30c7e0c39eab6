import type { PhysicalMemory } from "../memory/physical-memory";
import { accessErrorBits, isAccessAllowed } from "./access-check";
import { CR0_WP, CR4_PKE, EFER_NXE, PF_P, PF_PK, PF_RSVD, PTE_A, PTE_D, PTE_P, PTE_PS, PTE_RW, PTE_US } from "./constants";
import type { CpuState, PageSize, TranslationResult, Walk64Options } from "./cpu-state";
import { decodeFlags } from "./flags";
import { hex, joinHalves } from "./hex";
import { checkMaxPhyAddr, reservedHi, reservedLo } from "./reserved-bits";
import type { Access, WalkTrace } from "./types";
import { WALK_GP, WALK_PF, type WalkRecord, type WalkStatus } from "./walk-record";

const TWO_32 = 4294967296;
const TWO_20 = 1048576;
const LEVEL_NAMES = ["PTE", "PDE", "PDPTE", "PML4E", "PML5E"] as const;
const PAGE_SIZES: readonly PageSize[] = [4096, 2097152, 1073741824];
/** What an absent frame reads as (all zero), so that a walker needs no separate "no such frame" test. */
const ABSENT = new Uint32Array(1024);

/** Splits a 64-bit VA into unsigned 32-bit halves [hi, lo]. */
export function splitVa(va: bigint): [number, number] {
  const v = BigInt.asUintN(64, va);
  return [Number(v >> 32n), Number(v & 0xffffffffn)];
}

/** Whether a VA given as halves is canonical: bits 63:47 (63:56 with LA57) all equal (facts §1.6). */
export function isCanonicalHalves(vaHi: number, la57: boolean): boolean {
  const top = (vaHi | 0) >> (la57 ? 24 : 15);
  return top === 0 || top === -1;
}

/** The 9-bit table index for the level whose entries map 2^shift bytes. */
function indexAt(vaHi: number, vaLo: number, shift: number): number {
  if (shift >= 32) return (vaHi >>> (shift - 32)) & 511;
  if (shift === 30) return ((vaLo >>> 30) | (vaHi << 2)) & 511;
  return (vaLo >>> shift) & 511;
}

/** 4-level or 5-level translation of a bigint VA (see walkLongHalves). */
export function walkLong(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, la57: boolean, options?: Walk64Options): TranslationResult {
  const [hi, lo] = splitVa(va);
  return walkLongHalves(cpu, mem, hi, lo, access, la57, options);
}

/**
 * IA-32e paging with 4 levels (48-bit VA) or 5 (57-bit, `la57`), VA given as unsigned halves to stay off bigint:
 * #GP(0) for a non-canonical VA; otherwise the entries from CR3 down, with P, reserved bits (per MAXPHYADDR, NXE,
 * PS placement), rights combined across levels (U/S and R/W ANDed, XD ORed), SMEP/SMAP/WP, and protection keys.
 */
export function walkLongHalves(cpu: CpuState, mem: PhysicalMemory, vaHi: number, vaLo: number, access: Access, la57: boolean, options?: Walk64Options): TranslationResult {
  const trace: WalkTrace | undefined = options?.trace === true ? { steps: [], stop: "" } : undefined;
  if (!isCanonicalHalves(vaHi, la57)) {
    if (trace) trace.stop = `#GP(0): ${hex(joinHalves(vaLo, vaHi))} is not canonical`;
    return withTrace({ ok: false, fault: "GP", errorCode: 0 }, trace);
  }
  const m = checkMaxPhyAddr(options?.maxPhyAddr ?? 52);
  const nxe = (cpu.efer & EFER_NXE) !== 0;
  const gbPages = options?.gbPages ?? true;
  const updateAd = options?.updateAccessedDirty === true;
  const physHiMask = (1 << (m - 32)) - 1;
  const rsvdHi = reservedHi(false, m, nxe);
  const implicit = cpu.implicit === true;
  const isUser = cpu.user && !implicit;
  const { cr0, cr4, ac } = cpu;

  let tableBase = (Math.floor(cpu.cr3 / TWO_32) & physHiMask) * TWO_32 + ((cpu.cr3 & 0xfffff000) >>> 0); // CR3 bits M-1:12
  let rights = PTE_US | PTE_RW;
  let executeDisabled = false;
  for (let level = la57 ? 4 : 3; level >= 0; level--) {
    const shift = 12 + 9 * level;
    const index = indexAt(vaHi, vaLo, shift);
    const address = tableBase + index * 8;
    const words = mem.words(tableBase / 4096); // tables are 4 KB aligned, so this is the table's pfn
    const lo = words === undefined ? 0 : words[index * 2] ?? 0;
    const hi = words === undefined ? 0 : words[index * 2 + 1] ?? 0;
    const isLeaf = level === 0 || ((lo & PTE_PS) !== 0 && level <= 2);
    if (trace) {
      trace.steps.push({
        level: LEVEL_NAMES[level] ?? "?",
        index,
        entryAddress: address,
        entryValue: joinHalves(lo, hi),
        flags: decodeFlags(lo, hi, level === 0 ? "page" : isLeaf ? "large" : "table"),
      });
    }
    if ((lo & PTE_P) === 0) return pageFault(access, isUser, cr4, nxe, vaHi, vaLo, 0, trace, `not present at ${LEVEL_NAMES[level]}`);
    if ((lo & reservedLoAt(level, isLeaf, gbPages)) !== 0 || (hi & rsvdHi) !== 0) {
      return pageFault(access, isUser, cr4, nxe, vaHi, vaLo, PF_P | PF_RSVD, trace, `reserved bits set in ${LEVEL_NAMES[level]}`);
    }
    rights &= lo;
    if (nxe && (hi & 0x80000000) !== 0) executeDisabled = true;
    if (!isLeaf) {
      tableBase = (hi & physHiMask) * TWO_32 + ((lo & 0xfffff000) >>> 0);
      continue;
    }
    const pageSize = PAGE_SIZES[level] ?? 4096;
    const userAddress = (rights & PTE_US) !== 0;
    if (!isAccessAllowed(access, isUser, cr0, cr4, ac, implicit, userAddress, (rights & PTE_RW) !== 0, executeDisabled)) {
      return pageFault(access, isUser, cr4, nxe, vaHi, vaLo, PF_P, trace, "protection");
    }
    if (userAddress && access !== "exec" && (cr4 & CR4_PKE) !== 0 && isBlockedByKey(cpu, access, isUser, (hi >>> 27) & 0xf)) {
      return pageFault(access, isUser, cr4, nxe, vaHi, vaLo, PF_P | PF_PK, trace, `protection key ${(hi >>> 27) & 0xf}`);
    }
    const frameLo = (lo & ~(pageSize - 1) & 0xfffff000) >>> 0;
    const pa = (hi & physHiMask) * TWO_32 + frameLo + (vaLo & (pageSize - 1));
    // A and D are written only now that the walk succeeded (see WalkOptions); the walk is re-done rather than
    // remembering every entry address on the hot path.
    if (updateAd) setAccessedDirty(cpu, mem, vaHi, vaLo, la57, m, level, access === "write");
    if (trace) trace.stop = `${pageSize === 4096 ? "4 KB" : pageSize === 2097152 ? "2 MB" : "1 GB"} page: pa = ${hex(pa)}`;
    return withTrace({ ok: true, pa, pageSize }, trace);
  }
  throw new Error("walkLong: fell off the last level"); // level 0 is always a leaf
}

/**
 * walkLongHalves without allocating: the same translation, faults and A/D updates (never a trace), written into
 * `out` (see WalkRecord); CR2 of a #PF is the VA the halves spell.
 */
export function walkLongInto(cpu: CpuState, mem: PhysicalMemory, vaHi: number, vaLo: number, access: Access, la57: boolean, out: WalkRecord, options?: Walk64Options): WalkStatus {
  // The levels unrolled, with one fault exit reached by `break` (decision 0017). Literal bits: P 0x1, PS 0x80,
  // RSVD 0x8, EFER.NXE 0x800, XD 0x80000000 of the high half; PS at PML5E/PML4E and (without 1 GB pages) at a
  // PDPTE is reserved; 1 GB leaves reserve bits 29:13, 2 MB leaves 20:13 (facts §1.3).
  if (!isCanonicalHalves(vaHi, la57)) return WALK_GP;
  const m = checkMaxPhyAddr(options?.maxPhyAddr ?? 52);
  const physHiMask = (1 << (m - 32)) - 1;
  const rsvdHi = reservedHi(false, m, (cpu.efer & 0x800) !== 0);
  // Tables are found by frame number, (high half & mask) * 2^20 + (low half >>> 12): a float division per level
  // (address / 4096) cost more than the rest of the level together.
  let pfn = (cpu.cr3 >= 0 && cpu.cr3 < TWO_32 ? 0 : Math.floor(cpu.cr3 / TWO_32) & physHiMask) * TWO_20 + (cpu.cr3 >>> 12); // CR3 bits M-1:12
  let cause = 0; // of the #PF: 0 (not present) or P | RSVD
  let lo = 0;
  let hi = 0;
  let rights = 0x6; // U/S and R/W, ANDed over the levels
  let xdBits = 0; // high halves ORed: bit 31 is XD anywhere
  let level = 0; // of the leaf: 0 PTE, 1 PDE (2 MB), 2 PDPTE (1 GB)
  found: {
    fault: {
      for (let top = la57 ? 4 : 3; top >= 3; top--) {
        const words = mem.words(pfn) ?? ABSENT;
        const index = top === 4 ? (vaHi >>> 16) & 511 : (vaHi >>> 7) & 511;
        lo = words[index * 2] ?? 0;
        hi = words[index * 2 + 1] ?? 0;
        if ((lo & 0x1) === 0) break fault;
        cause = 0x9;
        if ((lo & 0x80) !== 0 || (hi & rsvdHi) !== 0) break fault;
        cause = 0;
        rights &= lo;
        xdBits |= hi;
        pfn = (hi & physHiMask) * TWO_20 + (lo >>> 12);
      }
      const pdpt = mem.words(pfn) ?? ABSENT;
      const pdptIndex = ((vaLo >>> 30) | (vaHi << 2)) & 511;
      lo = pdpt[pdptIndex * 2] ?? 0;
      hi = pdpt[pdptIndex * 2 + 1] ?? 0;
      if ((lo & 0x1) === 0) break fault;
      cause = 0x9;
      const gbLeaf = (lo & 0x80) !== 0;
      if ((hi & rsvdHi) !== 0 || (gbLeaf && (lo & ((options?.gbPages ?? true) ? PDPTE_1G_RESERVED_LO : 0x80)) !== 0)) break fault;
      rights &= lo;
      xdBits |= hi;
      level = 2;
      if (gbLeaf) break found;
      const pd = mem.words((hi & physHiMask) * TWO_20 + (lo >>> 12)) ?? ABSENT;
      const pdIndex = (vaLo >>> 21) & 511;
      lo = pd[pdIndex * 2] ?? 0;
      hi = pd[pdIndex * 2 + 1] ?? 0;
      cause = 0;
      if ((lo & 0x1) === 0) break fault;
      cause = 0x9;
      const mbLeaf = (lo & 0x80) !== 0;
      if ((hi & rsvdHi) !== 0 || (mbLeaf && (lo & PDE_2M_RESERVED_LO) !== 0)) break fault;
      rights &= lo;
      xdBits |= hi;
      level = 1;
      if (mbLeaf) break found;
      const pt = mem.words((hi & physHiMask) * TWO_20 + (lo >>> 12)) ?? ABSENT;
      const ptIndex = (vaLo >>> 12) & 511;
      lo = pt[ptIndex * 2] ?? 0;
      hi = pt[ptIndex * 2 + 1] ?? 0;
      cause = 0;
      if ((lo & 0x1) === 0) break fault;
      cause = 0x9;
      if ((hi & rsvdHi) !== 0) break fault;
      rights &= lo;
      xdBits |= hi;
      level = 0;
      break found;
    }
    return faultInto(cpu, out, access, cause);
  }
  return leafInto(cpu, mem, vaHi, vaLo, access, la57, out, options, m, level, lo, hi, rights, (cpu.efer & 0x800) !== 0 && (xdBits & 0x80000000) !== 0);
}

// walkLongInto at the leaf: the rights check, protection keys, A/D, and the record. Literal bits as in walkLongInto
// (US 0x4, RW 0x2, CR4.PKE 0x400000; LEAF_* 0x6 / 0x140 / 0x40 / 0x1; WALK_OK 0): an imported binding is a load and
// a hole check on every call, even in optimized code.
function leafInto(
  cpu: CpuState, mem: PhysicalMemory, vaHi: number, vaLo: number, access: Access, la57: boolean, out: WalkRecord, options: Walk64Options | undefined,
  m: number, level: number, lo: number, hi: number, rights: number, executeDisabled: boolean,
): WalkStatus {
  const implicit = cpu.implicit === true;
  const isUser = cpu.user && !implicit;
  const userAddress = (rights & 0x4) !== 0;
  if (!isAccessAllowed(access, isUser, cpu.cr0, cpu.cr4, cpu.ac, implicit, userAddress, (rights & 0x2) !== 0, executeDisabled)) {
    return faultInto(cpu, out, access, PF_P);
  }
  const pkey = (hi >>> 27) & 0xf;
  if (userAddress && access !== "exec" && (cpu.cr4 & 0x400000) !== 0 && isBlockedByKey(cpu, access, isUser, pkey)) return faultInto(cpu, out, access, PF_P | PF_PK);
  const write = access === "write";
  const updateAd = options?.updateAccessedDirty === true;
  if (updateAd) setAccessedDirty(cpu, mem, vaHi, vaLo, la57, m, level, write);
  const pageSize = PAGE_SIZES[level] ?? 4096;
  out.pa = (hi & ((1 << (m - 32)) - 1)) * TWO_32 + ((lo & ~(pageSize - 1) & 0xfffff000) >>> 0) + (vaLo & (pageSize - 1));
  out.pageSize = pageSize;
  out.leaf = (rights & 0x6) | (lo & 0x140) | (updateAd && write ? 0x40 : 0) | (executeDisabled ? 0x1 : 0) | (pkey << 12);
  return 0;
}

function faultInto(cpu: CpuState, out: WalkRecord, access: Access, cause: number): WalkStatus {
  out.errorCode = cause | accessErrorBits(access, cpu.user && cpu.implicit !== true, cpu.cr4, (cpu.efer & EFER_NXE) !== 0);
  return WALK_PF;
}

// Sets A in every entry from the top down to `leafLevel` and D in the leaf on a write (the same entries the walk used).
function setAccessedDirty(cpu: CpuState, mem: PhysicalMemory, vaHi: number, vaLo: number, la57: boolean, m: number, leafLevel: number, isWrite: boolean): void {
  const physHiMask = (1 << (m - 32)) - 1;
  let tableBase = (Math.floor(cpu.cr3 / TWO_32) & physHiMask) * TWO_32 + ((cpu.cr3 & 0xfffff000) >>> 0);
  for (let level = la57 ? 4 : 3; level >= leafLevel; level--) {
    const address = tableBase + indexAt(vaHi, vaLo, 12 + 9 * level) * 8;
    const lo = mem.read32(address);
    const hi = mem.read32(address + 4);
    mem.write32(address, lo | PTE_A | (level === leafLevel && isWrite ? PTE_D : 0));
    tableBase = (hi & physHiMask) * TWO_32 + ((lo & 0xfffff000) >>> 0);
  }
}

const PML4E_RESERVED_LO = reservedLo("pml4e"); // PS
const PDPTE_1G_RESERVED_LO = reservedLo("pdpte-1g");
const PDE_2M_RESERVED_LO = reservedLo("pde-2m");

// The low-half reserved bits of the entry at `level`: PS in a PML5E/PML4E, and in a PDPTE too without 1 GB page
// support; bits 29:13 of a 1 GB leaf and 20:13 of a 2 MB leaf.
function reservedLoAt(level: number, isLeaf: boolean, gbPages: boolean): number {
  if (level >= 3) return PML4E_RESERVED_LO;
  if (!isLeaf || level === 0) return 0;
  if (level === 2) return gbPages ? PDPTE_1G_RESERVED_LO : PML4E_RESERVED_LO;
  return PDE_2M_RESERVED_LO;
}

/**
 * PKRU: AD (bit 2k) blocks all data accesses to user addresses; WD (bit 2k+1) blocks user writes and supervisor
 * writes when CR0.WP = 1. Exported for the TLB, which checks PKRU against a cached entry's key on every access.
 */
export function isBlockedByKey(cpu: CpuState, access: Access, isUser: boolean, key: number): boolean {
  const pkru = cpu.pkru ?? 0;
  if ((pkru >>> (2 * key)) & 1) return true;
  if (access === "write" && (pkru >>> (2 * key + 1)) & 1) return isUser || (cpu.cr0 & CR0_WP) !== 0;
  return false;
}

function pageFault(access: Access, isUser: boolean, cr4: number, nxe: boolean, vaHi: number, vaLo: number, cause: number, trace: WalkTrace | undefined, why: string): TranslationResult {
  const errorCode = cause | accessErrorBits(access, isUser, cr4, nxe);
  if (trace) trace.stop = `#PF ${hex(errorCode)}: ${why}`;
  return withTrace({ ok: false, fault: "PF", errorCode, cr2: joinHalves(vaLo, vaHi) }, trace);
}

function withTrace(result: TranslationResult, trace: WalkTrace | undefined): TranslationResult {
  if (trace) result.trace = trace;
  return result;
}
