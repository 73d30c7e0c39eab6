import type { PhysicalMemory } from "../memory/physical-memory";
import { accessErrorBits, isAccessAllowed } from "./access-check";
import { EFER_NXE, PF_P, PF_RSVD, PTE_A, PTE_D, PTE_P, PTE_PS, PTE_RW, PTE_US } from "./constants";
import type { CpuState, TranslationResult, Walk64Options } from "./cpu-state";
import { decodeFlags } from "./flags";
import { hex, joinHalves } from "./hex";
import { checkMaxPhyAddr, reservedHi, reservedLo } from "./reserved-bits";
import type { Access, WalkStep, WalkTrace } from "./types";
import { WALK_GP, WALK_PF, type WalkRecord, type WalkStatus } from "./walk-record";

const TWO_32 = 4294967296;
const TWO_20 = 1048576;
const PDE_2M_RESERVED_LO = reservedLo("pde-2m");
/** What an absent frame reads as (all zero), so that a walker needs no separate "no such frame" test. */
const ABSENT = new Uint32Array(1024);

// The PDPTE registers. The CPU loads the four PDPTEs when CR3 is written; this model has no CR3-write event, so it
// behaves as if CR3 were reloaded before every walk, but it only re-reads memory when something could have changed:
// another memory, another CR3 or check, or any write since (PhysicalMemory.version). One slot, reused in place.
const pdpt = {
  mem: null as PhysicalMemory | null,
  version: -1,
  cr3: -1,
  maskLo: -1,
  m: -1,
  bad: -1, // index of the first present PDPTE with reserved bits, or -1
  lo: new Uint32Array(4),
  hi: new Uint32Array(4),
};

function loadPdptes(mem: PhysicalMemory, cr3: number, maskLo: number, m: number): void {
  if (pdpt.mem === mem && pdpt.version === mem.version && pdpt.cr3 === cr3 && pdpt.maskLo === maskLo && pdpt.m === m) return;
  reloadPdptes(mem, cr3, maskLo, m);
}

// The slow half of loadPdptes, a function of its own so that inlining the check costs walkers little.
function reloadPdptes(mem: PhysicalMemory, cr3: number, maskLo: number, m: number): void {
  const maskHi = (~((1 << (m - 32)) - 1)) >>> 0; // bits 63:M
  const base = (cr3 & 0xffffffe0) >>> 0;
  pdpt.bad = -1;
  for (let i = 0; i < 4; i++) {
    const lo = mem.read32(base + i * 8);
    const hi = mem.read32(base + i * 8 + 4);
    pdpt.lo[i] = lo;
    pdpt.hi[i] = hi;
    if (pdpt.bad < 0 && (lo & PTE_P) !== 0 && ((lo & maskLo) !== 0 || (hi & maskHi) !== 0)) pdpt.bad = i;
  }
  pdpt.mem = mem;
  pdpt.version = mem.version; // read after the reads: fetching from a page source bumps it
  pdpt.cr3 = cr3;
  pdpt.maskLo = maskLo;
  pdpt.m = m;
}

/**
 * The PDPTE check MOV to CR3 performs in PAE mode: the index (0..3) of the first present PDPTE with reserved bits
 * set, which makes the load raise #GP(0), or -1 when all four are acceptable.
 */
export function findBadPdpte(mem: PhysicalMemory, cr3: number, efer: number, options?: Walk64Options): number {
  void efer; // NXE does not matter: a PDPTE has no XD bit, bit 63 is always reserved
  loadPdptes(mem, cr3, options?.pdpteCheck === "lenient" ? 0 : 0x1e6, checkMaxPhyAddr(options?.maxPhyAddr ?? 52));
  return pdpt.bad;
}

/**
 * PAE paging (CR4.PAE = 1, long mode off) of a 32-bit VA: #GP(0) if the PDPT load fails; then PDPTE (present only;
 * it grants no rights), PDE (2 MB page when PS = 1, always honoured) and PTE, with reserved bits 62:M (63 without
 * NXE), XD with NXE, and the same rights rules as every mode.
 */
export function walkPae(cpu: CpuState, mem: PhysicalMemory, va: number, access: Access, options?: Walk64Options): TranslationResult {
  va = va >>> 0;
  const trace: WalkTrace | undefined = options?.trace === true ? { steps: [], stop: "" } : undefined;
  const m = checkMaxPhyAddr(options?.maxPhyAddr ?? 52);
  loadPdptes(mem, cpu.cr3, options?.pdpteCheck === "lenient" ? 0 : 0x1e6, m);
  if (pdpt.bad >= 0) {
    if (trace) trace.stop = `#GP(0): PDPTE ${pdpt.bad} has reserved bits set (checked when CR3 is loaded)`;
    return withTrace({ ok: false, fault: "GP", errorCode: 0 }, trace);
  }
  const nxe = (cpu.efer & EFER_NXE) !== 0;
  const physHiMask = (1 << (m - 32)) - 1;
  const implicit = cpu.implicit === true;
  const isUser = cpu.user && !implicit;
  const { cr0, cr4, ac } = cpu;

  const pdptIndex = va >>> 30;
  const pdpteAddress = ((cpu.cr3 & 0xffffffe0) >>> 0) + pdptIndex * 8;
  const pdpteLo = pdpt.lo[pdptIndex] ?? 0;
  const pdpteHi = pdpt.hi[pdptIndex] ?? 0;
  if (trace) trace.steps.push(step("PDPTE", pdptIndex, pdpteAddress, pdpteLo, pdpteHi, "table"));
  if ((pdpteLo & PTE_P) === 0) return pageFault(access, isUser, cr4, nxe, va, 0, trace, "not present at PDPTE");

  const pdBase = (pdpteHi & physHiMask) * TWO_32 + ((pdpteLo & 0xfffff000) >>> 0);
  const pdIndex = (va >>> 21) & 511;
  const pdeAddress = pdBase + pdIndex * 8;
  const pd = mem.words(pdBase / 4096); // tables are 4 KB aligned: this is the directory's pfn
  const pdeLo = pd === undefined ? 0 : pd[pdIndex * 2] ?? 0;
  const pdeHi = pd === undefined ? 0 : pd[pdIndex * 2 + 1] ?? 0;
  const isLarge = (pdeLo & PTE_PS) !== 0;
  if (trace) trace.steps.push(step("PDE", pdIndex, pdeAddress, pdeLo, pdeHi, isLarge ? "large" : "table"));
  if ((pdeLo & PTE_P) === 0) return pageFault(access, isUser, cr4, nxe, va, 0, trace, "not present at PDE");
  const rsvdHi = reservedHi(true, m, nxe);
  if ((pdeLo & (isLarge ? PDE_2M_RESERVED_LO : 0)) !== 0 || (pdeHi & rsvdHi) !== 0) {
    return pageFault(access, isUser, cr4, nxe, va, PF_P | PF_RSVD, trace, "reserved bits set in PDE");
  }
  const pdeXd = nxe && (pdeHi & 0x80000000) !== 0;

  if (isLarge) {
    if (!isAccessAllowed(access, isUser, cr0, cr4, ac, implicit, (pdeLo & PTE_US) !== 0, (pdeLo & PTE_RW) !== 0, pdeXd)) {
      return pageFault(access, isUser, cr4, nxe, va, PF_P, trace, "protection (2 MB page)");
    }
    const pa = (pdeHi & physHiMask) * TWO_32 + ((pdeLo & 0xffe00000) >>> 0) + (va & 0x1fffff);
    if (options?.updateAccessedDirty === true) mem.write32(pdeAddress, pdeLo | PTE_A | (access === "write" ? PTE_D : 0));
    if (trace) trace.stop = `2 MB page: pa = ${hex(pa)}`;
    return withTrace({ ok: true, pa, pageSize: 2097152 }, trace);
  }

  const ptBase = (pdeHi & physHiMask) * TWO_32 + ((pdeLo & 0xfffff000) >>> 0);
  const ptIndex = (va >>> 12) & 511;
  const pteAddress = ptBase + ptIndex * 8;
  const pt = mem.words(ptBase / 4096);
  const pteLo = pt === undefined ? 0 : pt[ptIndex * 2] ?? 0;
  const pteHi = pt === undefined ? 0 : pt[ptIndex * 2 + 1] ?? 0;
  if (trace) trace.steps.push(step("PTE", ptIndex, pteAddress, pteLo, pteHi, "page"));
  if ((pteLo & PTE_P) === 0) return pageFault(access, isUser, cr4, nxe, va, 0, trace, "not present at PTE");
  if ((pteHi & rsvdHi) !== 0) return pageFault(access, isUser, cr4, nxe, va, PF_P | PF_RSVD, trace, "reserved bits set in PTE");
  const xd = pdeXd || (nxe && (pteHi & 0x80000000) !== 0);
  const both = pdeLo & pteLo;
  if (!isAccessAllowed(access, isUser, cr0, cr4, ac, implicit, (both & PTE_US) !== 0, (both & PTE_RW) !== 0, xd)) {
    return pageFault(access, isUser, cr4, nxe, va, PF_P, trace, "protection (4 KB page)");
  }
  const pa = (pteHi & physHiMask) * TWO_32 + ((pteLo & 0xfffff000) >>> 0) + (va & 0xfff);
  if (options?.updateAccessedDirty === true) {
    mem.write32(pdeAddress, pdeLo | PTE_A);
    mem.write32(pteAddress, pteLo | PTE_A | (access === "write" ? PTE_D : 0));
  }
  if (trace) trace.stop = `4 KB page: pa = ${hex(pa)}`;
  return withTrace({ ok: true, pa, pageSize: 4096 }, trace);
}

/**
 * walkPae without allocating: the same translation, faults and A/D updates (never a trace), written into `out`
 * (see WalkRecord); CR2 of a #PF is `va`.
 */
export function walkPaeInto(cpu: CpuState, mem: PhysicalMemory, va: number, access: Access, out: WalkRecord, options?: Walk64Options): WalkStatus {
  // Shaped for speed (decision 0017): one fault exit reached by `break`, 2 MB pages and A/D updates in calls, tables
  // found by frame number, literal bits (P 0x1, US 0x4, RW 0x2, PS 0x80, XD 0x80000000 of the high half, EFER.NXE
  // 0x800, RSVD 0x8) because an imported constant is a load and a hole check on every use.
  va = va >>> 0;
  const m = checkMaxPhyAddr(options?.maxPhyAddr ?? 52);
  loadPdptes(mem, cpu.cr3, options?.pdpteCheck === "lenient" ? 0 : 0x1e6, m);
  if (pdpt.bad >= 0) return WALK_GP;
  let cause = 0; // of the #PF: 0 (not present), P, or P | RSVD
  fault: {
    const pdpteLo = pdpt.lo[va >>> 30] ?? 0;
    if ((pdpteLo & 0x1) === 0) break fault;
    const physHiMask = (1 << (m - 32)) - 1;
    const pdBase = ((pdpt.hi[va >>> 30] ?? 0) & physHiMask) * TWO_32 + ((pdpteLo & 0xfffff000) >>> 0);
    const pdIndex = (va >>> 21) & 511;
    // By frame number: a float division (pdBase / 4096) cost as much as the rest of the level.
    const pd = mem.words(((pdpt.hi[va >>> 30] ?? 0) & physHiMask) * TWO_20 + (pdpteLo >>> 12)) ?? ABSENT;
    const pdeLo = pd[pdIndex * 2] ?? 0;
    const pdeHi = pd[pdIndex * 2 + 1] ?? 0;
    if ((pdeLo & 0x1) === 0) break fault;
    const rsvdHi = reservedHi(true, m, (cpu.efer & 0x800) !== 0);
    cause = 0x9;
    if ((pdeHi & rsvdHi) !== 0) break fault;
    if ((pdeLo & 0x80) !== 0) return largeInto(cpu, mem, va, access, out, options, pdBase + pdIndex * 8, pdeLo, pdeHi, physHiMask);
    const ptBase = (pdeHi & physHiMask) * TWO_32 + ((pdeLo & 0xfffff000) >>> 0);
    const ptIndex = (va >>> 12) & 511;
    const pt = mem.words((pdeHi & physHiMask) * TWO_20 + (pdeLo >>> 12)) ?? ABSENT;
    const pteLo = pt[ptIndex * 2] ?? 0;
    const pteHi = pt[ptIndex * 2 + 1] ?? 0;
    cause = 0;
    if ((pteLo & 0x1) === 0) break fault;
    cause = 0x9;
    if ((pteHi & rsvdHi) !== 0) break fault;
    const xd = (cpu.efer & 0x800) !== 0 && ((pdeHi | pteHi) & 0x80000000) !== 0;
    const both = pdeLo & pteLo;
    const implicit = cpu.implicit === true;
    cause = 0x1;
    if (!isAccessAllowed(access, cpu.user && !implicit, cpu.cr0, cpu.cr4, cpu.ac, implicit, (both & 0x4) !== 0, (both & 0x2) !== 0, xd)) break fault;
    const leafLo = options?.updateAccessedDirty === true ? setAccessedDirty(mem, pdBase + pdIndex * 8, pdeLo, ptBase + ptIndex * 8, pteLo, access) : pteLo;
    return leaf(out, (pteHi & physHiMask) * TWO_32 + ((pteLo & 0xfffff000) >>> 0) + (va & 0xfff), 4096, both, leafLo, xd);
  }
  return faultInto(cpu, out, access, cause);
}

// walkPaeInto's 2 MB page (PS = 1 in the PDE, whose high half already passed the reserved-bit check).
function largeInto(cpu: CpuState, mem: PhysicalMemory, va: number, access: Access, out: WalkRecord, options: Walk64Options | undefined, pdeAddress: number, pdeLo: number, pdeHi: number, physHiMask: number): WalkStatus {
  if ((pdeLo & PDE_2M_RESERVED_LO) !== 0) return faultInto(cpu, out, access, PF_P | PF_RSVD);
  const xd = (cpu.efer & EFER_NXE) !== 0 && (pdeHi & 0x80000000) !== 0;
  const implicit = cpu.implicit === true;
  if (!isAccessAllowed(access, cpu.user && !implicit, cpu.cr0, cpu.cr4, cpu.ac, implicit, (pdeLo & PTE_US) !== 0, (pdeLo & PTE_RW) !== 0, xd)) {
    return faultInto(cpu, out, access, PF_P);
  }
  const pa = (pdeHi & physHiMask) * TWO_32 + ((pdeLo & 0xffe00000) >>> 0) + (va & 0x1fffff);
  const write = access === "write";
  if (options?.updateAccessedDirty === true) mem.write32(pdeAddress, pdeLo | PTE_A | (write ? PTE_D : 0));
  return leaf(out, pa, 2097152, pdeLo, pdeLo | (options?.updateAccessedDirty === true && write ? PTE_D : 0), xd);
}

// A in the PDE, A (and D on a write) in the PTE, as walkPae writes them; returns the PTE's low half as written.
function setAccessedDirty(mem: PhysicalMemory, pdeAddress: number, pdeLo: number, pteAddress: number, pteLo: number, access: Access): number {
  mem.write32(pdeAddress, pdeLo | PTE_A);
  const updated = pteLo | PTE_A | (access === "write" ? PTE_D : 0);
  mem.write32(pteAddress, updated);
  return updated;
}

// `rights` carries the combined U/S and R/W; `leafLo` the leaf's low half after the walk (its D and G).
function leaf(out: WalkRecord, pa: number, pageSize: 4096 | 2097152, rights: number, leafLo: number, xd: boolean): WalkStatus {
  out.pa = pa;
  out.pageSize = pageSize;
  // Literals: LEAF_USER | LEAF_WRITABLE = 0x6, LEAF_DIRTY | LEAF_GLOBAL = 0x140, LEAF_NX = 0x1, WALK_OK = 0 (an
  // imported binding is a load and a hole check on every call, even in optimized code).
  out.leaf = (rights & 0x6) | (leafLo & 0x140) | (xd ? 0x1 : 0);
  return 0;
}

function faultInto(cpu: CpuState, out: WalkRecord, access: Access, cause: number): WalkStatus {
  out.errorCode = cause | accessErrorBits(access, cpu.user && cpu.implicit !== true, cpu.cr4, (cpu.efer & EFER_NXE) !== 0);
  return WALK_PF;
}

function step(level: string, index: number, entryAddress: number, lo: number, hi: number, kind: "table" | "page" | "large"): WalkStep {
  return { level, index, entryAddress, entryValue: joinHalves(lo, hi), flags: decodeFlags(lo, hi, kind) };
}

function pageFault(access: Access, isUser: boolean, cr4: number, nxe: boolean, va: number, cause: number, trace: WalkTrace | undefined, why: string): TranslationResult {
  const errorCode = cause | accessErrorBits(access, isUser, cr4, nxe);
  if (trace) trace.stop = `#PF ${hex(errorCode)}: ${why}`;
  return withTrace({ ok: false, fault: "PF", errorCode, cr2: BigInt(va) }, trace);
}

function withTrace(result: TranslationResult, trace: WalkTrace | undefined): TranslationResult {
  if (trace) result.trace = trace;
  return result;
}
