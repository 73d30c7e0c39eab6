import { PAGE_SIZE } from "../x86/constants";
import type { Page, PageAllocator } from "./pages";

/** struct vm_fault, as a fault handler sees it. The handler stores a referenced page in `page`. */
export interface VmFault {
  readonly vma: Vma;
  /** The faulting user address, page-aligned. */
  readonly address: number;
  /** vma.vm_pgoff + ((address - vm_start) >> PAGE_SHIFT). */
  readonly pgoff: number;
  readonly write: boolean;
  page: Page | null;
}

export const VM_FAULT_OOM = 0x1;
export const VM_FAULT_SIGBUS = 0x2;
export const VM_FAULT_NOPAGE = 0x100;

/** struct vm_operations_struct: the driver callbacks a VMA may carry. */
export interface VmOperations {
  open?(vma: Vma): void;
  close?(vma: Vma): void;
  /** Return 0 with vmf.page set (and referenced), VM_FAULT_NOPAGE after inserting a PTE, or VM_FAULT_SIGBUS. */
  fault?(vmf: VmFault): number;
  /** Veto a split at `addr` with a negative errno. */
  may_split?(vma: Vma, addr: number): number;
}

/** struct file, reduced to what mmap looks at. `f_count` counts fds and VMAs; `release` runs when it reaches 0. */
export interface SimFile {
  readonly name: string;
  readonly fmodeRead: boolean;
  readonly fmodeWrite: boolean;
  /** "chr" (a device, the usual driver case) or "reg" (a regular file): they differ in file_mmap_ok's limit. */
  readonly kind: "chr" | "reg";
  readonly noexecMount?: boolean;
  f_count: number;
  f_op: { mmap?(file: SimFile, vma: Vma): number; release?(file: SimFile): void };
  private_data?: unknown;
}

/** struct vm_area_struct with the kernel's field names. vm_end is exclusive; vm_pgoff is in pages. */
export interface Vma {
  vm_start: number;
  vm_end: number;
  vm_pgoff: number;
  vm_flags: number;
  vm_page_prot: bigint;
  vm_file: SimFile | null;
  vm_ops: VmOperations | null;
  vm_private_data: unknown;
  /** Shared anonymous memory: the object whose pages every sharer maps (pgoff -> page). */
  anonShared: Map<number, Page> | null;
}

/** A PTE of the user page table. `present` is false for PROT_NONE pages that keep their frame (P = 0, PROTNONE). */
export interface Pte {
  pfn: number;
  /** The struct page when the frame has one and the mapping counts a reference (not for remap_pfn_range). */
  page: Page | null;
  writable: boolean;
  present: boolean;
}

/** One decision of the page-fault handler, kept for widgets and for tests ("no fault was taken"). */
export interface FaultRecord {
  address: bigint;
  errorCode: number;
  outcome: string;
}

/** vma_pages(). */
export function vmaPages(vma: Vma): number {
  return (vma.vm_end - vma.vm_start) / PAGE_SIZE;
}

/**
 * An mm_struct: the sorted VMA list and a user page table (virtual page number -> PTE). User addresses are numbers:
 * they stay below TASK_SIZE_MAX (2^47), far below 2^53.
 */
export class Mm {
  readonly vmas: Vma[] = [];
  readonly ptes = new Map<number, Pte>();
  readonly faults: FaultRecord[] = [];
  /** Where top-down get_unmapped_area starts (a fixed, documented value; real kernels randomise it). */
  mmapBase = 0x7f0000000000;
  readonly maxMapCount = 65530;

  constructor(readonly pages: PageAllocator) {}

  /** find_vma() restricted to containment: the VMA with vm_start <= addr < vm_end, or null. */
  findVma(addr: number): Vma | null {
    for (const vma of this.vmas) if (addr >= vma.vm_start && addr < vma.vm_end) return vma;
    return null;
  }

  /** Inserts keeping vm_start order; the range must be free (an invariant of the callers). */
  insertVma(vma: Vma): void {
    if (this.vmas.some((v) => v.vm_start < vma.vm_end && vma.vm_start < v.vm_end)) throw new Error("insertVma: overlap");
    this.vmas.push(vma);
    this.vmas.sort((a, b) => a.vm_start - b.vm_start);
  }

  /** Installs a PTE at the page containing `addr` (replacing nothing: an existing PTE is a caller bug). */
  setPte(addr: number, pte: Pte): void {
    const vpn = Math.floor(addr / PAGE_SIZE);
    if (this.ptes.has(vpn)) throw new Error(`setPte: PTE already set at 0x${addr.toString(16)}`);
    this.ptes.set(vpn, pte);
  }

  findPte(addr: number): Pte | null {
    return this.ptes.get(Math.floor(addr / PAGE_SIZE)) ?? null;
  }

  /** Removes the PTEs of [start, end), dropping the page references they held (zap_page_range). */
  zap(start: number, end: number): void {
    const first = start / PAGE_SIZE;
    const last = end / PAGE_SIZE;
    // Walk whichever is smaller: the range (a small munmap) or the page table (munmap of a huge, sparse range).
    const vpns = last - first <= this.ptes.size ? Array.from({ length: last - first }, (_, i) => first + i) : [...this.ptes.keys()].filter((v) => v >= first && v < last);
    for (const vpn of vpns) {
      const pte = this.ptes.get(vpn);
      if (pte === undefined) continue;
      if (pte.page !== null) this.pages.put(pte.page);
      this.ptes.delete(vpn);
    }
  }
}
