import { CR0_PG, CR4_LA57, CR4_PAE, EFER_LME } from "./constants";
import type { WalkOptions, WalkTrace } from "./types";

/** The CPU state any walk depends on (a superset of Cpu32). */
export interface CpuState {
  cr0: number;
  /** Physical address of the top table plus its low control bits (PCD/PWT, or a PCID when CR4.PCIDE = 1). */
  cr3: number;
  cr4: number;
  efer: number;
  /** EFLAGS.AC. */
  ac: boolean;
  /** CPL 3. */
  user: boolean;
  /** Implicit supervisor access (GDT/IDT/TSS): supervisor at any CPL; SMAP never lets it through. */
  implicit?: boolean;
  /** PKRU (AD = bit 2k, WD = bit 2k+1 for key k), used only with CR4.PKE in 4/5-level paging. Default 0. */
  pkru?: number;
}

export type PagingMode = "none" | "i386" | "pae" | "4-level" | "5-level";

/** The paging mode selected by CR0.PG, CR4.PAE, EFER.LME and CR4.LA57 (facts §1.1). */
export function pagingMode(cr0: number, cr4: number, efer: number): PagingMode {
  if (((cr0 >>> 0) & CR0_PG) === 0) return "none";
  if ((cr4 & CR4_PAE) === 0) return "i386";
  if ((efer & EFER_LME) === 0) return "pae";
  return (cr4 & CR4_LA57) !== 0 ? "5-level" : "4-level";
}

export type PageSize = 4096 | 2097152 | 4194304 | 1073741824;

/**
 * A translation in any mode: the physical address, a #PF with error code and CR2, or a #GP(0) (non-canonical
 * address, or PAE PDPTEs with reserved bits when CR3 is loaded). CR2 is a bigint because 64-bit VAs pass 2^53.
 */
export type Translation =
  | { ok: true; pa: number; pageSize: PageSize }
  | { ok: false; fault: "PF"; errorCode: number; cr2: bigint }
  | { ok: false; fault: "GP"; errorCode: 0 };

export type TranslationResult = Translation & { trace?: WalkTrace };

/** Options of the PAE and 4/5-level walkers. */
export interface Walk64Options extends WalkOptions {
  /** MAXPHYADDR, 32..52; default 52. Physical-address bits at or above it are reserved. */
  maxPhyAddr?: number;
  /**
   * PAE PDPTE reserved-bit check: "strict" (SDM: bits 2:1 and 8:5 reserved, #GP at CR3 load, the default) or
   * "lenient" (ignore those low bits: QEMU sets bit 5, accessed, in PDPTEs of real snapshots).
   */
  pdpteCheck?: "strict" | "lenient";
  /** Whether the CPU supports 1 GB pages (CPUID.80000001H:EDX[26]); without it PS in a PDPTE is reserved. Default true. */
  gbPages?: boolean;
}
