// Architectural constants, named as in the Linux headers (pgtable_types.h, trap_pf.h, processor-flags.h,
// msr-index.h). Numbers unless a value needs bit 63, which only a bigint can hold.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;

// Page-table entry bits (low 13 bits are the same in every mode).
export const PTE_P = 0x1;
export const PTE_RW = 0x2;
export const PTE_US = 0x4;
export const PTE_PWT = 0x8;
export const PTE_PCD = 0x10;
export const PTE_A = 0x20;
export const PTE_D = 0x40;
/** PS in a PDE/PDPTE; the same bit is PAT in a 4 KB PTE. */
export const PTE_PS = 0x80;
export const PTE_PAT = 0x80;
export const PTE_G = 0x100;
/** PAT bit of a 2 MB / 4 MB / 1 GB leaf. */
export const PTE_PAT_LARGE = 0x1000;
/** Execute-disable (bit 63): only meaningful in PAE/4-level entries with EFER.NXE = 1. */
export const PTE_NX = 1n << 63n;

// #PF error-code bits.
export const PF_P = 0x1;
export const PF_W = 0x2;
export const PF_U = 0x4;
export const PF_RSVD = 0x8;
export const PF_I = 0x10;
export const PF_PK = 0x20;

// Control registers.
export const CR0_PE = 0x1;
export const CR0_WP = 0x10000;
/** Bit 31: written as a number it is 0x80000000 (positive), so compare with `>>> 0` results. */
export const CR0_PG = 0x80000000;
export const CR4_PSE = 0x10;
export const CR4_PAE = 0x20;
export const CR4_PGE = 0x80;
export const CR4_LA57 = 0x1000;
export const CR4_PCIDE = 0x20000;
export const CR4_SMEP = 0x100000;
export const CR4_SMAP = 0x200000;
export const CR4_PKE = 0x400000;
export const EFER_SCE = 0x1;
export const EFER_LME = 0x100;
export const EFER_LMA = 0x400;
export const EFER_NXE = 0x800;
/** EFLAGS.AC (bit 18): the SMAP override set by STAC. */
export const EFLAGS_AC = 0x40000;

// Linux's canonical intermediate-entry values (pgtable_types.h).
export const _PAGE_TABLE = 0x067;
export const _KERNPG_TABLE = 0x063;
