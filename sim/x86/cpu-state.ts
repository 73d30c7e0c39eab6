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

// The paging mode and format the registers select: pagingMode() and pagingFormat() in ../paging-formats.ts.

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
