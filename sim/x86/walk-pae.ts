import type { PhysicalMemory } from "../memory/physical-memory";
import { accessErrorBits, isAccessAllowed, type AccessContext } from "./access-check";
import { EFER_NXE, PF_P, PF_RSVD, PTE_A, PTE_D, PTE_P, PTE_PS, PTE_RW, PTE_US } from "./constants";
import type { CpuState, TranslationResult, Walk64Options } from "./cpu-state";
import { decodeFlags } from "./flags";
import { hex, joinHalves } from "./hex";
import { checkMaxPhyAddr, reservedHi, reservedLo } from "./reserved-bits";
import type { Access, WalkStep, WalkTrace } from "./types";

const TWO_32 = 4294967296;

/**
 * The PDPTE check MOV to CR3 performs in PAE mode: the index (0..3) of the first present PDPTE with reserved bits
 * set, which makes the load raise #GP(0), or -1 when all four are acceptable.
 */
export function findBadPdpte(mem: PhysicalMemory, cr3: number, efer: number, options?: Walk64Options): number {
  const m = checkMaxPhyAddr(options?.maxPhyAddr ?? 52);
  const maskLo = options?.pdpteCheck === "lenient" ? 0 : 0x1e6; // bits 8:5 and 2:1
  const maskHi = (~((1 << (m - 32)) - 1)) >>> 0; // bits 63:M
  const base = (cr3 & 0xffffffe0) >>> 0;
  for (let i = 0; i < 4; i++) {
    const lo = mem.read32(base + i * 8);
    if ((lo & PTE_P) !== 0 && ((lo & maskLo) !== 0 || (mem.read32(base + i * 8 + 4) & maskHi) !== 0)) return i;
  }
  return -1;
}

/**
 * PAE paging (CR4.PAE = 1, long mode off) of a 32-bit VA: #GP(0) if the PDPT load fails; then PDPTE (present only;
 * it grants no rights), PDE (2 MB page when PS = 1, always honoured) and PTE, with reserved bits 62:M (63 without
 * NXE), XD with NXE, and the same rights rules as every mode.
 */
export function walkPae(cpu: CpuState, mem: PhysicalMemory, va: number, access: Access, options?: Walk64Options): TranslationResult {
  va = va >>> 0;
  const trace: WalkTrace | undefined = options?.trace ? { steps: [], stop: "" } : undefined;
  const badPdpte = findBadPdpte(mem, cpu.cr3, cpu.efer, options);
  if (badPdpte >= 0) {
    if (trace) trace.stop = `#GP(0): PDPTE ${badPdpte} has reserved bits set (checked when CR3 is loaded)`;
    return withTrace({ ok: false, fault: "GP", errorCode: 0 }, trace);
  }
  const m = checkMaxPhyAddr(options?.maxPhyAddr ?? 52);
  const nxe = (cpu.efer & EFER_NXE) !== 0;
  const physHiMask = (1 << (m - 32)) - 1;
  const implicit = cpu.implicit === true;
  const ctx: AccessContext = { access, isUser: cpu.user && !implicit, cr0: cpu.cr0, cr4: cpu.cr4, ac: cpu.ac, implicit, nxEnabled: nxe };

  const pdptIndex = va >>> 30;
  const pdpteAddress = ((cpu.cr3 & 0xffffffe0) >>> 0) + pdptIndex * 8;
  const pdpte = { lo: mem.read32(pdpteAddress), hi: mem.read32(pdpteAddress + 4) };
  if (trace) trace.steps.push(step("PDPTE", pdptIndex, pdpteAddress, pdpte.lo, pdpte.hi, "table"));
  if ((pdpte.lo & PTE_P) === 0) return pageFault(ctx, va, 0, trace, "not present at PDPTE");

  const pdBase = (pdpte.hi & physHiMask) * TWO_32 + ((pdpte.lo & 0xfffff000) >>> 0);
  const pdIndex = (va >>> 21) & 511;
  const pdeAddress = pdBase + pdIndex * 8;
  const pdeLo = mem.read32(pdeAddress);
  const pdeHi = mem.read32(pdeAddress + 4);
  const isLarge = (pdeLo & PTE_PS) !== 0;
  if (trace) trace.steps.push(step("PDE", pdIndex, pdeAddress, pdeLo, pdeHi, isLarge ? "large" : "table"));
  if ((pdeLo & PTE_P) === 0) return pageFault(ctx, va, 0, trace, "not present at PDE");
  const rsvdHi = reservedHi(true, m, nxe);
  if ((pdeLo & (isLarge ? reservedLo("pde-2m") : 0)) !== 0 || (pdeHi & rsvdHi) !== 0) return pageFault(ctx, va, PF_P | PF_RSVD, trace, "reserved bits set in PDE");
  const pdeXd = nxe && (pdeHi & 0x80000000) !== 0;

  if (isLarge) {
    if (!isAccessAllowed(ctx, (pdeLo & PTE_US) !== 0, (pdeLo & PTE_RW) !== 0, pdeXd)) return pageFault(ctx, va, PF_P, trace, "protection (2 MB page)");
    const pa = (pdeHi & physHiMask) * TWO_32 + ((pdeLo & 0xffe00000) >>> 0) + (va & 0x1fffff);
    if (options?.updateAccessedDirty) mem.write32(pdeAddress, pdeLo | PTE_A | (access === "write" ? PTE_D : 0));
    if (trace) trace.stop = `2 MB page: pa = ${hex(pa)}`;
    return withTrace({ ok: true, pa, pageSize: 2097152 }, trace);
  }

  const ptBase = (pdeHi & physHiMask) * TWO_32 + ((pdeLo & 0xfffff000) >>> 0);
  const ptIndex = (va >>> 12) & 511;
  const pteAddress = ptBase + ptIndex * 8;
  const pteLo = mem.read32(pteAddress);
  const pteHi = mem.read32(pteAddress + 4);
  if (trace) trace.steps.push(step("PTE", ptIndex, pteAddress, pteLo, pteHi, "page"));
  if ((pteLo & PTE_P) === 0) return pageFault(ctx, va, 0, trace, "not present at PTE");
  if ((pteHi & rsvdHi) !== 0) return pageFault(ctx, va, PF_P | PF_RSVD, trace, "reserved bits set in PTE");
  const xd = pdeXd || (nxe && (pteHi & 0x80000000) !== 0);
  if (!isAccessAllowed(ctx, (pdeLo & pteLo & PTE_US) !== 0, (pdeLo & pteLo & PTE_RW) !== 0, xd)) {
    return pageFault(ctx, va, PF_P, trace, "protection (4 KB page)");
  }
  const pa = (pteHi & physHiMask) * TWO_32 + ((pteLo & 0xfffff000) >>> 0) + (va & 0xfff);
  if (options?.updateAccessedDirty) {
    mem.write32(pdeAddress, pdeLo | PTE_A);
    mem.write32(pteAddress, pteLo | PTE_A | (access === "write" ? PTE_D : 0));
  }
  if (trace) trace.stop = `4 KB page: pa = ${hex(pa)}`;
  return withTrace({ ok: true, pa, pageSize: 4096 }, trace);
}

function step(level: string, index: number, entryAddress: number, lo: number, hi: number, kind: "table" | "page" | "large"): WalkStep {
  return { level, index, entryAddress, entryValue: joinHalves(lo, hi), flags: decodeFlags(lo, hi, kind) };
}

function pageFault(ctx: AccessContext, va: number, cause: number, trace: WalkTrace | undefined, why: string): TranslationResult {
  const errorCode = cause | accessErrorBits(ctx);
  if (trace) trace.stop = `#PF ${hex(errorCode)}: ${why}`;
  return withTrace({ ok: false, fault: "PF", errorCode, cr2: BigInt(va) }, trace);
}

function withTrace(result: TranslationResult, trace: WalkTrace | undefined): TranslationResult {
  if (trace) result.trace = trace;
  return result;
}
