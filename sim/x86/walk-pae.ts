import type { PhysicalMemory } from "../memory/physical-memory";
import { accessErrorBits, isAccessAllowed } from "./access-check";
import { EFER_NXE, PF_P, PF_RSVD, PTE_A, PTE_D, PTE_P, PTE_PS, PTE_RW, PTE_US } from "./constants";
import type { CpuState, TranslationResult, Walk64Options } from "./cpu-state";
import { decodeFlags } from "./flags";
import { hex, joinHalves } from "./hex";
import { checkMaxPhyAddr, reservedHi, reservedLo } from "./reserved-bits";
import type { Access, WalkStep, WalkTrace } from "./types";

const TWO_32 = 4294967296;
const PDE_2M_RESERVED_LO = reservedLo("pde-2m");

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
