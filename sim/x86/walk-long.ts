import type { PhysicalMemory } from "../memory/physical-memory";
import { accessErrorBits, isAccessAllowed, type AccessContext } from "./access-check";
import { CR0_WP, CR4_PKE, EFER_NXE, PF_P, PF_PK, PF_RSVD, PTE_A, PTE_D, PTE_P, PTE_PS, PTE_RW, PTE_US } from "./constants";
import type { CpuState, PageSize, TranslationResult, Walk64Options } from "./cpu-state";
import { decodeFlags } from "./flags";
import { hex, joinHalves } from "./hex";
import { checkMaxPhyAddr, reservedHi, reservedLo, type Entry64Kind } from "./reserved-bits";
import type { Access, WalkTrace } from "./types";

const TWO_32 = 4294967296;
const LEVEL_NAMES = ["PTE", "PDE", "PDPTE", "PML4E", "PML5E"] as const;
const PAGE_SIZES: readonly PageSize[] = [4096, 2097152, 1073741824];

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
  const trace: WalkTrace | undefined = options?.trace ? { steps: [], stop: "" } : undefined;
  if (!isCanonicalHalves(vaHi, la57)) {
    if (trace) trace.stop = `#GP(0): ${hex(joinHalves(vaLo, vaHi))} is not canonical`;
    return withTrace({ ok: false, fault: "GP", errorCode: 0 }, trace);
  }
  const m = checkMaxPhyAddr(options?.maxPhyAddr ?? 52);
  const nxe = (cpu.efer & EFER_NXE) !== 0;
  const gbPages = options?.gbPages ?? true;
  const physHiMask = (1 << (m - 32)) - 1;
  const rsvdHi = reservedHi(false, m, nxe);
  const implicit = cpu.implicit === true;
  const ctx: AccessContext = { access, isUser: cpu.user && !implicit, cr0: cpu.cr0, cr4: cpu.cr4, ac: cpu.ac, implicit, nxEnabled: nxe };

  let tableBase = (cpu.cr3 - (cpu.cr3 % 4096)) % 2 ** m; // CR3 bits M-1:12
  let rights = PTE_US | PTE_RW;
  let executeDisabled = false;
  const used: number[] | undefined = options?.updateAccessedDirty ? [] : undefined; // entry addresses, for A/D
  for (let level = la57 ? 4 : 3; level >= 0; level--) {
    const shift = 12 + 9 * level;
    const index = indexAt(vaHi, vaLo, shift);
    const address = tableBase + index * 8;
    const lo = mem.read32(address);
    const hi = mem.read32(address + 4);
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
    if ((lo & PTE_P) === 0) return pageFault(ctx, vaHi, vaLo, 0, trace, `not present at ${LEVEL_NAMES[level]}`);
    if ((lo & reservedLo(entryKind(level, isLeaf, gbPages))) !== 0 || (hi & rsvdHi) !== 0) {
      return pageFault(ctx, vaHi, vaLo, PF_P | PF_RSVD, trace, `reserved bits set in ${LEVEL_NAMES[level]}`);
    }
    rights &= lo;
    if (nxe && (hi & 0x80000000) !== 0) executeDisabled = true;
    used?.push(address);
    if (!isLeaf) {
      tableBase = (hi & physHiMask) * TWO_32 + ((lo & 0xfffff000) >>> 0);
      continue;
    }
    const pageSize = PAGE_SIZES[level] ?? 4096;
    const userAddress = (rights & PTE_US) !== 0;
    if (!isAccessAllowed(ctx, userAddress, (rights & PTE_RW) !== 0, executeDisabled)) {
      return pageFault(ctx, vaHi, vaLo, PF_P, trace, "protection");
    }
    if (userAddress && access !== "exec" && (cpu.cr4 & CR4_PKE) !== 0 && isBlockedByKey(cpu, ctx, (hi >>> 27) & 0xf)) {
      return pageFault(ctx, vaHi, vaLo, PF_P | PF_PK, trace, `protection key ${(hi >>> 27) & 0xf}`);
    }
    const frameLo = (lo & ~(pageSize - 1) & 0xfffff000) >>> 0;
    const pa = (hi & physHiMask) * TWO_32 + frameLo + (vaLo & (pageSize - 1));
    if (used) {
      used.forEach((a, i) => mem.write32(a, mem.read32(a) | PTE_A | (i === used.length - 1 && access === "write" ? PTE_D : 0)));
    }
    if (trace) trace.stop = `${pageSize === 4096 ? "4 KB" : pageSize === 2097152 ? "2 MB" : "1 GB"} page: pa = ${hex(pa)}`;
    return withTrace({ ok: true, pa, pageSize }, trace);
  }
  throw new Error("walkLong: fell off the last level"); // level 0 is always a leaf
}

function entryKind(level: number, isLeaf: boolean, gbPages: boolean): Entry64Kind {
  switch (level) {
    case 4:
      return "pml5e";
    case 3:
      return "pml4e";
    case 2:
      // Without 1 GB page support PS in a PDPTE is reserved; the 1 GB mask has bit 7 clear, so use a mask with it set.
      return isLeaf ? (gbPages ? "pdpte-1g" : "pml4e") : "pdpte";
    case 1:
      return isLeaf ? "pde-2m" : "pde";
    default:
      return "pte";
  }
}

// PKRU: AD (bit 2k) blocks all data accesses to user addresses; WD (bit 2k+1) blocks user writes and supervisor
// writes when CR0.WP = 1.
function isBlockedByKey(cpu: CpuState, ctx: AccessContext, key: number): boolean {
  const pkru = cpu.pkru ?? 0;
  if ((pkru >>> (2 * key)) & 1) return true;
  if (ctx.access === "write" && (pkru >>> (2 * key + 1)) & 1) return ctx.isUser || (cpu.cr0 & CR0_WP) !== 0;
  return false;
}

function pageFault(ctx: AccessContext, vaHi: number, vaLo: number, cause: number, trace: WalkTrace | undefined, why: string): TranslationResult {
  const errorCode = cause | accessErrorBits(ctx);
  if (trace) trace.stop = `#PF ${hex(errorCode)}: ${why}`;
  return withTrace({ ok: false, fault: "PF", errorCode, cr2: joinHalves(vaLo, vaHi) }, trace);
}

function withTrace(result: TranslationResult, trace: WalkTrace | undefined): TranslationResult {
  if (trace) result.trace = trace;
  return result;
}
