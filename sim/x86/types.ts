// Shared types of the MMU models: what is accessed, by whom, and what a walk returns.

/** The kind of memory access being translated. */
export type Access = "read" | "write" | "exec";

/** The CPU state a 32-bit (non-PAE) walk depends on. */
export interface Cpu32 {
  cr0: number;
  cr3: number;
  cr4: number;
  /** EFLAGS.AC: with SMAP, lets explicit supervisor accesses reach user pages (STAC/CLAC). */
  ac: boolean;
  /** CPL 3. */
  user: boolean;
  /** An implicit supervisor access (GDT/IDT/TSS load): supervisor at any CPL, and SMAP allows it never. */
  implicit?: boolean;
}

/** A 32-bit translation: a physical address, or a page fault with its error code and CR2. */
export type Translation32 =
  | { ok: true; pa: number; pageSize: 4096 | 4194304 }
  | { ok: false; fault: "PF"; errorCode: number; cr2: number };

/** One paging-structure entry the walker read. */
export interface WalkStep {
  /** "PDE", "PTE", "PDPTE", "PML4E", "PML5E". */
  level: string;
  /** Index of the entry within its table. */
  index: number;
  /** Physical address of the entry. */
  entryAddress: number;
  /** The entry as read (number for 32-bit entries, bigint for 64-bit ones). */
  entryValue: number | bigint;
  /** Decoded flag names, low bit first, e.g. ["P", "RW", "US", "A", "PS"]. */
  flags: string[];
  note?: string;
}

/** What a walk did, step by step, and why it stopped. */
export interface WalkTrace {
  steps: WalkStep[];
  stop: string;
}

/** Options every walker accepts. */
export interface WalkOptions {
  /** Record a trace of every entry read. Off by default (walks are then allocation-light). */
  trace?: boolean;
  /**
   * Set A in every entry used and D in the leaf on a write, as the CPU does. Simplification: only on a successful
   * translation (the SDM leaves A on protection faults partly model-specific, facts §1.4).
   */
  updateAccessedDirty?: boolean;
}

/** 32-bit walk options: MAXPHYADDR for PSE-36 (32..40, default 40). */
export interface Walk32Options extends WalkOptions {
  maxPhyAddr?: number;
}

export type Walk32Result = Translation32 & { trace?: WalkTrace };
