import {
  EINVAL,
  EPERM,
  PAGE_SIZE,
  remap_pfn_range,
  vm_flags_clear,
  vma_pages,
  VM_EXEC,
  VM_MAYEXEC,
  VM_MAYSHARE,
  VM_MAYWRITE,
  VM_WRITE,
  type Page,
  type Vma,
} from "@pagewise/sim";

// The reference ->mmap of the ring, written with nothing but what a learner has (facts §4.2's template, testing
// VM_MAYSHARE where the template tests VM_SHARED: see docs/decisions/0040-mmap-handler-checks-vm-mayshare.md).

/** The ring (file->private_data in C): 16 physically contiguous pages from frame `pfn` on. */
export interface RingBuffer {
  readonly pfn: number;
  readonly nr_pages: number;
  readonly pages: readonly Page[];
}

/**
 * Maps pages [vm_pgoff, vm_pgoff + vma_pages) of the ring read-only and shared, or refuses: -EINVAL for a private
 * mapping or pages outside the ring, -EPERM for write or exec. All arithmetic is in pages, in subtraction form.
 */
export function ringMmap(ring: RingBuffer, vma: Vma): number {
  const npages = vma_pages(vma);
  const off = vma.vm_pgoff;
  // MAP_SHARED sets VM_MAYSHARE always; do_mmap clears VM_SHARED for a read-only fd, which is still a shared mapping.
  if ((vma.vm_flags & VM_MAYSHARE) === 0) return -EINVAL;
  if ((vma.vm_flags & (VM_WRITE | VM_EXEC)) !== 0) return -EPERM;
  // Without the MAY bits, mprotect(PROT_WRITE) or mprotect(PROT_EXEC) later fails with -EACCES.
  vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
  // off >= nr_pages first, so that nr_pages - off cannot go negative; no sum that could wrap.
  if (off >= ring.nr_pages || npages > ring.nr_pages - off) return -EINVAL;
  // remap_pfn_range sets VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP: mremap cannot grow the mapping.
  return remap_pfn_range(vma, vma.vm_start, ring.pfn + off, npages * PAGE_SIZE, vma.vm_page_prot);
}
