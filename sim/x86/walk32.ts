import type { PhysicalMemory } from "../memory/physical-memory";
import { accessErrorBits, isAccessAllowed } from "./access-check";
import { CR0_PG, CR4_PSE, PF_P, PF_RSVD, PTE_A, PTE_D, PTE_P, PTE_PS, PTE_RW, PTE_US } from "./constants";
import { decodeFlags } from "./flags";
import { hex } from "./hex";
import type { Access, Cpu32, Walk32Options, Walk32Result, WalkStep, WalkTrace } from "./types";
import { WALK_PF, type WalkRecord, type WalkStatus } from "./walk-record";

const TWO_32 = 4294967296;

/**
 * Reserved bits of a 4 MB PDE (SDM table 4-4): bit 21, and bits 20:(M-19) that would hold PA bits above MAXPHYADDR.
 * 4 KB PDEs and PTEs have no reserved bits in 32-bit paging.
 */
export function pse4mReservedMask(maxPhyAddr: number): number {
  const m = Math.min(40, Math.max(32, maxPhyAddr));
  const highPaBits = ((1 << (40 - m)) - 1) << (m - 19); // bits 20:(M-19)
  return ((1 << 21) | highPaBits) >>> 0;
}

/**
 * Translates `va` under 32-bit paging with PSE/PSE-36 (CR4.PAE = 0), exactly as SDM §4.3/§4.6 specify: a physical
 * address, or #PF with the error code and CR2 = va. With CR0.PG = 0 the address is used as is.
 */
export function walk32(cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access, options?: Walk32Options): Walk32Result {
  va = va >>> 0;
  const trace: WalkTrace | undefined = options?.trace === true ? { steps: [], stop: "" } : undefined;
  if (((cpu.cr0 >>> 0) & CR0_PG) === 0) {
    if (trace) trace.stop = `paging disabled: pa = va = ${hex(va)}`;
    return withTrace({ ok: true, pa: va, pageSize: 4096 }, trace);
  }
  const implicit = cpu.implicit === true;
  const isUser = cpu.user && !implicit;
  const { cr0, cr4, ac } = cpu;
  // 32-bit paging has no execute-disable, so every fault passes nxEnabled = false.

  const pdIndex = va >>> 22;
  const pdeAddress = ((cpu.cr3 & 0xfffff000) >>> 0) + pdIndex * 4;
  const pdWords = mem.words(cpu.cr3 >>> 12); // one lookup per table, not per entry
  const pde = pdWords === undefined ? 0 : pdWords[pdIndex] ?? 0;
  const isLarge = (cr4 & CR4_PSE) !== 0 && (pde & PTE_PS) !== 0;
  if (trace) trace.steps.push(step("PDE", pdIndex, pdeAddress, pde, isLarge ? "large" : "table"));
  if ((pde & PTE_P) === 0) return fault(access, isUser, cr4, va, 0, trace, "not present at PDE");

  if (isLarge) {
    const reserved = pde & pse4mReservedMask(options?.maxPhyAddr ?? 40);
    if (reserved !== 0) return fault(access, isUser, cr4, va, PF_P | PF_RSVD, trace, `reserved bits ${hex(reserved >>> 0)} set in 4 MB PDE`);
    if (!isAccessAllowed(access, isUser, cr0, cr4, ac, implicit, (pde & PTE_US) !== 0, (pde & PTE_RW) !== 0, false)) {
      return fault(access, isUser, cr4, va, PF_P, trace, "protection (4 MB page)");
    }
    const pa = ((pde & 0xffc00000) >>> 0) + (va & 0x003fffff) + ((pde >>> 13) & 0xff) * TWO_32;
    if (options?.updateAccessedDirty === true) mem.write32(pdeAddress, pde | PTE_A | (access === "write" ? PTE_D : 0));
    if (trace) trace.stop = `4 MB page: pa = ${hex(pa)}`;
    return withTrace({ ok: true, pa, pageSize: 4194304 }, trace);
  }

  const ptIndex = (va >>> 12) & 0x3ff;
  const pteAddress = ((pde & 0xfffff000) >>> 0) + ptIndex * 4;
  const ptWords = mem.words(pde >>> 12);
  const pte = ptWords === undefined ? 0 : ptWords[ptIndex] ?? 0;
  if (trace) trace.steps.push(step("PTE", ptIndex, pteAddress, pte, "page"));
  if ((pte & PTE_P) === 0) return fault(access, isUser, cr4, va, 0, trace, "not present at PTE");
  // Rights are the AND of both levels (SDM §4.6); a 4 KB walk in this mode has no reserved bits to check.
  const both = pde & pte;
  if (!isAccessAllowed(access, isUser, cr0, cr4, ac, implicit, (both & PTE_US) !== 0, (both & PTE_RW) !== 0, false)) {
    return fault(access, isUser, cr4, va, PF_P, trace, "protection (4 KB page)");
  }
  const pa = ((pte & 0xfffff000) >>> 0) + (va & 0xfff);
  if (options?.updateAccessedDirty === true) {
    mem.write32(pdeAddress, pde | PTE_A);
    mem.write32(pteAddress, pte | PTE_A | (access === "write" ? PTE_D : 0));
  }
  if (trace) trace.stop = `4 KB page: pa = ${hex(pa)}`;
  return withTrace({ ok: true, pa, pageSize: 4096 }, trace);
}

/**
 * walk32 without allocating: the same translation, faults and A/D updates (never a trace), written into `out`
 * (see WalkRecord); CR2 of a #PF is `va`. With CR0.PG = 0 the record grants every right.
 */
export function walk32Into(cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access, out: WalkRecord, options?: Walk32Options): WalkStatus {
  // Kept under V8's inlining limit (460 bytes of bytecode) so that a caller's loop inlines it: the rare paths (4 MB
  // pages, A/D updates, faults) are calls, and bits are literals (an imported constant costs a hole-checked module
  // load): P 0x1, RW 0x2, US 0x4, D 0x40, PS 0x80, G 0x100, CR0.PG 0x80000000, CR4.PSE 0x10 (decision 0017).
  va = va >>> 0;
  if ((cpu.cr0 & 0x80000000) === 0) return leaf(out, va, 4096, 0x46);
  const pde = entryAt(mem, cpu.cr3 >>> 12, va >>> 22);
  if ((pde & 0x1) === 0) return faultInto(cpu, out, access, 0);
  if ((pde & 0x80) !== 0 && (cpu.cr4 & 0x10) !== 0) return largeInto(cpu, mem, va, access, out, options, pde);
  const pte = entryAt(mem, pde >>> 12, (va >>> 12) & 0x3ff);
  if ((pte & 0x1) === 0) return faultInto(cpu, out, access, 0);
  const both = pde & pte; // rights are the AND of both levels (SDM §4.6)
  const implicit = cpu.implicit === true;
  if (!isAccessAllowed(access, cpu.user && !implicit, cpu.cr0, cpu.cr4, cpu.ac, implicit, (both & 0x4) !== 0, (both & 0x2) !== 0, false)) {
    return faultInto(cpu, out, access, PF_P);
  }
  const leafBits = options?.updateAccessedDirty === true ? setAccessedDirty(cpu, mem, va, pde, pte, access) : pte;
  return leaf(out, ((pte & 0xfffff000) >>> 0) + (va & 0xfff), 4096, (leafBits & 0x140) | (both & 0x6));
}

// Word `index` of frame `pfn` (0 when the frame is absent).
function entryAt(mem: PhysicalMemory, pfn: number, index: number): number {
  return (mem.words(pfn) ?? ABSENT)[index] ?? 0;
}

/** What an absent frame reads as (all zero). */
const ABSENT = new Uint32Array(1024);

// walk32Into's 4 MB page (CR4.PSE = 1, PS = 1).
function largeInto(cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access, out: WalkRecord, options: Walk32Options | undefined, pde: number): WalkStatus {
  if ((pde & pse4mReservedMask(options?.maxPhyAddr ?? 40)) !== 0) return faultInto(cpu, out, access, PF_P | PF_RSVD);
  const implicit = cpu.implicit === true;
  if (!isAccessAllowed(access, cpu.user && !implicit, cpu.cr0, cpu.cr4, cpu.ac, implicit, (pde & PTE_US) !== 0, (pde & PTE_RW) !== 0, false)) {
    return faultInto(cpu, out, access, PF_P);
  }
  const pa = ((pde & 0xffc00000) >>> 0) + (va & 0x003fffff) + ((pde >>> 13) & 0xff) * TWO_32;
  if (options?.updateAccessedDirty !== true) return leaf(out, pa, 4194304, pde);
  const updated = pde | PTE_A | (access === "write" ? PTE_D : 0);
  mem.write32(((cpu.cr3 & 0xfffff000) >>> 0) + (va >>> 22) * 4, updated);
  return leaf(out, pa, 4194304, updated);
}

// A in the PDE, A (and D on a write) in the PTE, as walk32 writes them; returns the PTE as written.
function setAccessedDirty(cpu: Cpu32, mem: PhysicalMemory, va: number, pde: number, pte: number, access: Access): number {
  mem.write32(((cpu.cr3 & 0xfffff000) >>> 0) + (va >>> 22) * 4, pde | PTE_A);
  const updated = pte | PTE_A | (access === "write" ? PTE_D : 0);
  mem.write32(((pde & 0xfffff000) >>> 0) + ((va >>> 12) & 0x3ff) * 4, updated);
  return updated;
}

// `bits` carries the combined U/S and R/W, and the leaf's D and G, in their entry positions (those of LEAF_*).
// Literals again: 0x146 is LEAF_USER | LEAF_WRITABLE | LEAF_DIRTY | LEAF_GLOBAL and 0 is WALK_OK (an imported
// binding is a load and a hole check on every call, even in optimized code).
function leaf(out: WalkRecord, pa: number, pageSize: 4096 | 4194304, bits: number): WalkStatus {
  out.pa = pa;
  out.pageSize = pageSize;
  out.leaf = bits & 0x146;
  return 0;
}

function faultInto(cpu: Cpu32, out: WalkRecord, access: Access, cause: number): WalkStatus {
  out.errorCode = cause | accessErrorBits(access, cpu.user && cpu.implicit !== true, cpu.cr4, false);
  return WALK_PF;
}

function step(level: string, index: number, entryAddress: number, value: number, kind: "table" | "page" | "large"): WalkStep {
  return { level, index, entryAddress, entryValue: value >>> 0, flags: decodeFlags(value, 0, kind) };
}

// `cause` is 0 for a not-present entry, PF_P for a protection fault, PF_P | PF_RSVD for a reserved bit (facts §1.5).
function fault(access: Access, isUser: boolean, cr4: number, va: number, cause: number, trace: WalkTrace | undefined, why: string): Walk32Result {
  const errorCode = cause | accessErrorBits(access, isUser, cr4, false);
  if (trace) trace.stop = `#PF ${hex(errorCode)}: ${why}`;
  return withTrace({ ok: false, fault: "PF", errorCode, cr2: va }, trace);
}

function withTrace(result: Walk32Result, trace: WalkTrace | undefined): Walk32Result {
  if (trace) result.trace = trace;
  return result;
}
