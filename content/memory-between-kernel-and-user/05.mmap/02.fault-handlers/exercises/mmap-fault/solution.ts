import {
  EINVAL,
  EPERM,
  get_page,
  vm_flags_clear,
  vm_flags_set,
  vma_pages,
  VM_DONTDUMP,
  VM_DONTEXPAND,
  VM_EXEC,
  VM_FAULT_SIGBUS,
  VM_MAYEXEC,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_WRITE,
  type Page,
  type Vma,
  type VmFault,
  type VmOperations,
} from "@pagewise/sim";

// The reference fault-handler driver of the ring (facts §4.3 "Fault-handler approach", E12), written with nothing
// but what a learner has.

/** The ring: 16 pages, and how many VMAs map it (the driver keeps the count). */
export interface FaultRing {
  readonly nr_pages: number;
  readonly pages: readonly Page[];
  map_count: number;
}

/**
 * ->mmap validates as the mmap-handler exercise does and maps nothing: it installs vm_ops (->fault maps each page on
 * first touch with a reference of its own, SIGBUS past the ring; ->open and ->close count the VMAs) and sets
 * VM_DONTEXPAND so mremap cannot grow the mapping.
 */
export function ringMmap(ring: FaultRing, vma: Vma): number {
  const npages = vma_pages(vma);
  const off = vma.vm_pgoff;
  if ((vma.vm_flags & VM_MAYSHARE) === 0) return -EINVAL;
  if ((vma.vm_flags & (VM_WRITE | VM_EXEC)) !== 0) return -EPERM;
  vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
  if (off >= ring.nr_pages || npages > ring.nr_pages - off) return -EINVAL;
  vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
  const ops: VmOperations = {
    open: () => void ring.map_count++, // a split piece or a fork copy
    close: () => void ring.map_count--,
    fault(vmf: VmFault): number {
      // vmf.pgoff = vm_pgoff + page index in the VMA: the ring page. Never trust it to be in range.
      if (vmf.pgoff >= ring.nr_pages) return VM_FAULT_SIGBUS;
      const page = ring.pages[vmf.pgoff];
      if (page === undefined) return VM_FAULT_SIGBUS;
      get_page(page); // the PTE's own reference: munmap will drop it
      vmf.page = page;
      return 0;
    },
  };
  vma.vm_ops = ops;
  ring.map_count++; // ->mmap is not followed by ->open: count the first VMA here
  return 0;
}
