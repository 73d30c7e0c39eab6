import type { Page, Vma, VmFault } from "@pagewise/sim";
// Also in "@pagewise/sim": VM_FAULT_SIGBUS, get_page, vm_flags_set vm_flags_clear, vma_pages, VM_DONTEXPAND VM_DONTDUMP VM_MAYSHARE
// VM_WRITE VM_EXEC VM_MAYWRITE VM_MAYEXEC, EINVAL EPERM, type VmOperations.

/** The ring: 16 pages, and how many VMAs map it (your ->open, ->close and ->mmap keep map_count). */
export interface FaultRing {
  readonly nr_pages: number;
  readonly pages: readonly Page[];
  map_count: number;
}

/**
 * The ring device's ->mmap, mapping lazily: validate the request (as in mmap-handler: MAP_SHARED only, read-only,
 * pages [vm_pgoff, vm_pgoff + vma_pages) inside the ring), map nothing, and set vma.vm_ops:
 *
 *   fault(vmf)   vmf.pgoff is the ring page (vm_pgoff + the page's index in the VMA). Past the ring: return
 *                VM_FAULT_SIGBUS. Otherwise take a reference for the PTE (get_page), store the page in vmf.page and
 *                return 0; the core maps it.
 *   open(vma)    called for every new VMA that maps the ring: a piece split off by munmap, a copy made by fork.
 *   close(vma)   called for every VMA that goes away (munmap, exit).
 *
 * Keep ring.map_count equal to the number of VMAs mapping the ring (->mmap counts the first one: no ->open follows
 * it), and make sure mremap cannot grow the mapping. Return 0, or -EINVAL / -EPERM as in mmap-handler.
 */
export function ringMmap(ring: FaultRing, vma: Vma): number {
  // For now: no checks, no reference, no counting. Each of those is a bug an attacker can use.
  // Past the ring vmf.page stays NULL and the core dereferences it: an oops, in a real kernel a crash or worse.
  vma.vm_ops = {
    fault(vmf: VmFault): number {
      vmf.page = ring.pages[vmf.pgoff] ?? null;
      return 0;
    },
  };
  return 0;
}
