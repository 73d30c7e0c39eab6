import { PAGE_SIZE, remap_pfn_range, vma_pages, type Page, type Vma } from "@pagewise/sim";
// Also in "@pagewise/sim": EINVAL EPERM, VM_READ VM_WRITE VM_EXEC VM_SHARED VM_MAYSHARE VM_MAYWRITE VM_MAYEXEC
// VM_DONTEXPAND VM_DONTDUMP, vm_flags_set vm_flags_clear, vm_map_pages vm_insert_page, vmFlagNames (for console.log).

/** The ring (file->private_data in C): 16 physically contiguous pages (64 KB) from frame `pfn` on. */
export interface RingBuffer {
  readonly pfn: number;
  readonly nr_pages: number;
  readonly pages: readonly Page[];
}

/**
 * The ring device's ->mmap handler: called by do_mmap with a VMA that is already built.
 *
 *   vma.vm_start, vma.vm_end   the user range, page-aligned; vm_end is exclusive (vma_pages(vma) pages)
 *   vma.vm_pgoff               mmap's offset in PAGES (offset >> 12)
 *   vma.vm_flags               VM_READ/VM_WRITE/VM_EXEC from prot, VM_SHARED/VM_MAYSHARE for MAP_SHARED, VM_MAY*
 *   vma.vm_page_prot           the page protection to map with
 *
 * Map pages [vm_pgoff, vm_pgoff + vma_pages(vma)) of the ring, read-only and shared, and return 0; or refuse the
 * request and return a negative errno: -EINVAL for MAP_PRIVATE or pages outside the ring, -EPERM for PROT_WRITE or
 * PROT_EXEC. User space must not be able to add write or exec later with mprotect.
 */
export function ringMmap(ring: RingBuffer, vma: Vma): number {
  const npages = vma_pages(vma);
  const size = npages * PAGE_SIZE;

  // For now: the classic unchecked handler. It maps whatever it is asked for, past the ring included, and lets
  // user space write the ring. Add the checks (in pages, in subtraction form) and the flag rules before this line.
  return remap_pfn_range(vma, vma.vm_start, ring.pfn + vma.vm_pgoff, size, vma.vm_page_prot);
}
