import { EINVAL } from "../errno";
import type { Vma } from "../mm";
import type { Page, PageAllocator } from "../pages";
import { VM_DONTDUMP, VM_DONTEXPAND } from "../vm-flags";
import { PAGE, requireVmaMm, requireWhole } from "./install-pte";
import { vm_insert_page } from "./insert-page";
import { alloc_page, put_page } from "./kernel-pages";
import { vm_flags_set } from "./vma-mm";

// vmalloc areas: virtually contiguous kernel memory over pages that need not be physically contiguous, and
// remap_vmalloc_range to hand one to user space (facts §4.3; mm/vmalloc.c remap_vmalloc_range_partial).

/** x86-64 vmalloc_base without KASLR (facts §2.2): where this model's first area starts. */
export const VMALLOC_START = 0xffffc90000000000n;
const U64 = (1n << 64n) - 1n;

/** A vm_struct: its kernel address, the pages behind it, and whether it may be mapped to user space (VM_USERMAP). */
export interface VmallocArea {
  readonly addr: bigint;
  /** Usable bytes (get_vm_area_size: the area without its guard page). */
  readonly size: number;
  readonly pages: readonly Page[];
  readonly usermap: boolean;
}

interface VmallocSpace {
  next: bigint;
  areas: VmallocArea[];
}

// One vmalloc address space per machine (per allocator), so addresses depend only on that machine's history.
const spaces = new WeakMap<PageAllocator, VmallocSpace>();

function spaceOf(allocator: PageAllocator): VmallocSpace {
  let space = spaces.get(allocator);
  if (space === undefined) spaces.set(allocator, (space = { next: VMALLOC_START, areas: [] }));
  return space;
}

/** vmalloc(size): zeroed pages behind a fresh kernel address, followed by a guard page; not mappable to user space. */
export function vmalloc(allocator: PageAllocator, size: number): VmallocArea {
  return allocArea(allocator, size, false);
}

/** vmalloc_user(size): as vmalloc, with VM_USERMAP so remap_vmalloc_range accepts it. */
export function vmalloc_user(allocator: PageAllocator, size: number): VmallocArea {
  return allocArea(allocator, size, true);
}

function allocArea(allocator: PageAllocator, size: number, usermap: boolean): VmallocArea {
  requireWhole(size, "vmalloc", "size");
  if (size <= 0) throw new Error(`vmalloc: size ${size} must be positive`);
  const count = Math.ceil(size / PAGE);
  const pages = Array.from({ length: count }, () => alloc_page(allocator));
  const space = spaceOf(allocator);
  const area: VmallocArea = { addr: space.next, size: count * PAGE, pages, usermap };
  space.next += BigInt((count + 1) * PAGE); // the guard page
  space.areas.push(area);
  return area;
}

/** find_vm_area(kaddr): the area that starts at kaddr, or null. */
export function find_vm_area(allocator: PageAllocator, kaddr: bigint): VmallocArea | null {
  return spaceOf(allocator).areas.find((a) => a.addr === kaddr) ?? null;
}

/** vmalloc_to_page(kaddr): the page behind a vmalloc address, or null outside every area. */
export function vmalloc_to_page(allocator: PageAllocator, kaddr: bigint): Page | null {
  for (const area of spaceOf(allocator).areas) {
    if (kaddr >= area.addr && kaddr < area.addr + BigInt(area.size)) return area.pages[Number((kaddr - area.addr) / BigInt(PAGE))] ?? null;
  }
  return null;
}

/** vfree(kaddr): drops the area's references; pages still mapped somewhere live on until their last unmap. */
export function vfree(allocator: PageAllocator, kaddr: bigint): void {
  const space = spaceOf(allocator);
  const area = find_vm_area(allocator, kaddr);
  if (area === null) throw new Error(`vfree: no vmalloc area at 0x${kaddr.toString(16)}`);
  space.areas.splice(space.areas.indexOf(area), 1);
  for (const page of area.pages) put_page(page);
}

/**
 * remap_vmalloc_range(vma, kaddr, pgoff): maps the whole VMA from page `pgoff` of the vmalloc_user area at kaddr,
 * page by page through vm_insert_page (so each PTE holds a reference). -EINVAL when pgoff << PAGE_SHIFT overflows,
 * kaddr is unaligned or no area, the area lacks VM_USERMAP, or size + offset overflows or passes the area's size.
 * Sets VM_DONTEXPAND|VM_DONTDUMP.
 */
export function remap_vmalloc_range(vma: Vma, kaddr: bigint, pgoff: number): number {
  requireWhole(pgoff, "remap_vmalloc_range", "pgoff");
  const mm = requireVmaMm(vma, "remap_vmalloc_range");
  const pg = BigInt.asUintN(64, BigInt(pgoff));
  if (pg > U64 >> 12n) return -EINVAL; // check_shl_overflow(pgoff, PAGE_SHIFT, &off)
  const off = pg << 12n;
  const size = BigInt(vma.vm_end - vma.vm_start);
  if (kaddr % BigInt(PAGE) !== 0n) return -EINVAL;
  const area = find_vm_area(mm.pages, kaddr);
  if (area === null || !area.usermap) return -EINVAL;
  const endIndex = size + off;
  if (endIndex > U64 || endIndex > BigInt(area.size)) return -EINVAL;
  const first = Number(off) / PAGE;
  for (let i = 0; i < Number(size) / PAGE; i++) {
    const page = area.pages[first + i];
    if (page === undefined) return -EINVAL;
    const err = vm_insert_page(vma, vma.vm_start + i * PAGE, page);
    if (err !== 0) return err;
  }
  vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
  return 0;
}
