import { EFAULT, EINVAL, ENXIO } from "../errno";
import type { Vma } from "../mm";
import type { Page } from "../pages";
import { VM_MIXEDMAP, VM_PFNMAP } from "../vm-flags";
import { installPte, PAGE, requireVmaMm, requireWhole } from "./install-pte";
import { get_page } from "./kernel-pages";
import { vm_flags_set } from "./vma-mm";

// Mapping struct pages one by one (facts §4.3; mm/memory.c vm_insert_page, validate_page_before_insert,
// __vm_map_pages). Unlike remap_pfn_range these take a page reference per PTE, dropped again by munmap.

/**
 * vm_insert_page(vma, addr, page): -EFAULT when addr is outside the VMA; -EINVAL for an anonymous or slab page (and,
 * where the kernel BUGs, for a VM_PFNMAP VMA); -EBUSY when the PTE is already set. Sets VM_MIXEDMAP, takes a page
 * reference (get_page) and maps the page with vma.vm_page_prot (there is no custom prot).
 */
export function vm_insert_page(vma: Vma, addr: number, page: Page): number {
  requireWhole(addr, "vm_insert_page", "addr");
  if (addr < vma.vm_start || addr >= vma.vm_end) return -EFAULT;
  if (page.kind === "anon" || page.kind === "slab" || page.refcount <= 0) return -EINVAL;
  if ((vma.vm_flags & VM_MIXEDMAP) === 0) {
    if ((vma.vm_flags & VM_PFNMAP) !== 0) return -EINVAL; // BUG_ON(vma->vm_flags & VM_PFNMAP)
    vm_flags_set(vma, VM_MIXEDMAP);
  }
  const mm = requireVmaMm(vma, "vm_insert_page");
  const at = addr - (addr % PAGE);
  const err = installPte(mm, at, page.pfn, page, vma.vm_page_prot);
  if (err !== 0) return err;
  get_page(page);
  return 0;
}

/**
 * vm_map_pages(vma, pages, num): maps the whole VMA from pages[vm_pgoff] on. -ENXIO when vm_pgoff >= num or when
 * vma_pages > num - vm_pgoff (subtraction form: nothing can overflow). Stops at the first vm_insert_page error.
 */
export function vm_map_pages(vma: Vma, pages: readonly Page[], num: number): number {
  return mapPagesFrom(vma, pages, num, vma.vm_pgoff);
}

/** vm_map_pages_zero(vma, pages, num): as vm_map_pages but ignoring vm_pgoff (the object starts at page 0). */
export function vm_map_pages_zero(vma: Vma, pages: readonly Page[], num: number): number {
  return mapPagesFrom(vma, pages, num, 0);
}

function mapPagesFrom(vma: Vma, pages: readonly Page[], num: number, offset: number): number {
  requireWhole(num, "vm_map_pages", "num");
  const count = (vma.vm_end - vma.vm_start) / PAGE;
  const n = BigInt.asUintN(64, BigInt(num));
  const off = BigInt(offset);
  if (off >= n) return -ENXIO; // the requested offset is past the end of the object
  if (BigInt(count) > n - off) return -ENXIO; // the requested size is more than the object has left
  for (let i = 0; i < count; i++) {
    const page = pages[offset + i];
    if (page === undefined) throw new Error(`vm_map_pages: num ${num} is more than the ${pages.length} pages given`);
    const err = vm_insert_page(vma, vma.vm_start + i * PAGE, page);
    if (err < 0) return err;
  }
  return 0;
}
