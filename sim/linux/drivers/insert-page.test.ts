import { describe, expect, it } from "vitest";
import { EFAULT, EINVAL, ENXIO, EBUSY } from "../errno";
import { Mm, type SimFile, type Vma } from "../mm";
import { mmap, mremap, munmap } from "../mmap";
import { PageAllocator } from "../pages";
import { MAP_SHARED, PAGE_READONLY, PROT_READ, VM_DONTDUMP, VM_DONTEXPAND, VM_MIXEDMAP, VM_PFNMAP } from "../vm-flags";
import { openDevice } from "./device-file";
import { vm_insert_page, vm_map_pages, vm_map_pages_zero } from "./insert-page";
import { adopt_pages, alloc_pages, page_count } from "./kernel-pages";
import { remap_vmalloc_range, vfree, vmalloc, vmalloc_to_page, vmalloc_user, VMALLOC_START } from "./vmalloc";

const ro = { read: true, write: false };

function setup(handler: (file: SimFile, vma: Vma, allocator: PageAllocator) => number) {
  const allocator = new PageAllocator();
  const mm = new Mm(allocator);
  const file = openDevice(mm, { name: "pages", mmap: (f, v) => handler(f, v, allocator) }, ro);
  return { mm, allocator, file };
}

describe("vm_insert_page (facts §4.3)", () => {
  it("takes a page reference, sets VM_MIXEDMAP, maps with vm_page_prot; munmap drops the reference", () => {
    let pages: ReturnType<typeof alloc_pages> = [];
    const s = setup((_f, v, a) => {
      pages = alloc_pages(a, 1);
      return vm_insert_page(v, v.vm_start + 4096, pages[1]!);
    });
    const r = mmap(s.mm, 0, 2 * 4096, PROT_READ, MAP_SHARED, s.file, 0);
    if (!r.ok) throw new Error("mmap");
    expect((r.vma.vm_flags & (VM_MIXEDMAP | VM_PFNMAP)) === VM_MIXEDMAP).toBe(true);
    expect(r.vma.vm_page_prot).toBe(PAGE_READONLY);
    expect(s.mm.findPte(r.addr + 4096)).toEqual({ pfn: pages[1]!.pfn, page: pages[1], writable: false, present: true });
    expect(pages.map(page_count)).toEqual([1, 2]);
    expect(munmap(s.mm, r.addr, 2 * 4096)).toBe(0);
    expect(pages.map(page_count)).toEqual([1, 1]);
  });

  it("-EFAULT outside the VMA, -EINVAL for anonymous and slab pages and in a VM_PFNMAP VMA, -EBUSY for a set PTE", () => {
    const results: number[] = [];
    const s = setup((_f, v, a) => {
      const [page] = alloc_pages(a, 0);
      const anon = a.alloc("anon");
      const slab = a.alloc("slab");
      adopt_pages(a, [anon, slab]);
      results.push(vm_insert_page(v, v.vm_end, page!), vm_insert_page(v, v.vm_start - 1, page!));
      results.push(vm_insert_page(v, v.vm_start, anon), vm_insert_page(v, v.vm_start, slab));
      results.push(vm_insert_page(v, v.vm_start, page!), vm_insert_page(v, v.vm_start + 100, page!));
      results.push(page_count(page!));
      v.vm_flags = (v.vm_flags & ~VM_MIXEDMAP) | VM_PFNMAP;
      results.push(vm_insert_page(v, v.vm_start + 4096, page!));
      return 0;
    });
    expect(mmap(s.mm, 0, 2 * 4096, PROT_READ, MAP_SHARED, s.file, 0).ok).toBe(true);
    expect(results).toEqual([-EFAULT, -EFAULT, -EINVAL, -EINVAL, 0, -EBUSY, 2, -EINVAL]);
  });
});

describe("vm_map_pages and vm_map_pages_zero (facts §4.3)", () => {
  // A 4-page object; the user asks for `len` bytes at byte offset `off`.
  const map = (len: number, off: number, zero = false) => {
    let pages: ReturnType<typeof alloc_pages> = [];
    const s = setup((_f, v, a) => {
      pages = alloc_pages(a, 2);
      return zero ? vm_map_pages_zero(v, pages, 4) : vm_map_pages(v, pages, 4);
    });
    const r = mmap(s.mm, 0, len, PROT_READ, MAP_SHARED, s.file, off);
    if (!r.ok) return -r.errno;
    const indices = [];
    for (let a = r.addr; a < r.addr + len; a += 4096) indices.push(pages.findIndex((p) => p.pfn === s.mm.findPte(a)?.pfn));
    return indices;
  };

  it("honours vm_pgoff: exact fits map, -ENXIO when vm_pgoff >= num or vma_pages > num - vm_pgoff", () => {
    expect(map(4 * 4096, 0)).toEqual([0, 1, 2, 3]);
    expect(map(2 * 4096, 2 * 4096)).toEqual([2, 3]);
    expect(map(4096, 3 * 4096)).toEqual([3]);
    expect(map(4096, 4 * 4096)).toBe(-ENXIO);
    expect(map(2 * 4096, 3 * 4096)).toBe(-ENXIO);
    expect(map(5 * 4096, 0)).toBe(-ENXIO);
    expect(map(4096, 0xfffffffffffff000 - 0x1000)).toBe(-ENXIO); // a huge pgoff: no overflow in subtraction form
  });

  it("vm_map_pages_zero ignores vm_pgoff", () => {
    expect(map(2 * 4096, 3 * 4096, true)).toEqual([0, 1]);
    expect(map(5 * 4096, 0, true)).toBe(-ENXIO);
  });

  it("leaves VM_DONTEXPAND to the driver: without it mremap may grow the mapping", () => {
    const s = setup((_f, v, a) => vm_map_pages(v, alloc_pages(a, 1), 2));
    const r = mmap(s.mm, 0, 4096, PROT_READ, MAP_SHARED, s.file, 0);
    if (!r.ok) throw new Error("mmap");
    expect(mremap(s.mm, r.addr, 4096, 2 * 4096)).toEqual({ ok: true, addr: r.addr });
  });
});

describe("vmalloc areas and remap_vmalloc_range (facts §4.3)", () => {
  it("vmalloc_user gives a kernel address in the vmalloc range with a guard page after it; vmalloc_to_page finds its pages", () => {
    const a = new PageAllocator();
    const first = vmalloc_user(a, 5000);
    const second = vmalloc_user(a, 4096);
    expect([first.addr, first.size, first.pages.length]).toEqual([VMALLOC_START, 8192, 2]);
    expect(second.addr).toBe(VMALLOC_START + 3n * 4096n);
    expect(vmalloc_to_page(a, first.addr + 4100n)).toBe(first.pages[1]);
    expect(vmalloc_to_page(a, first.addr + 8192n)).toBeNull(); // the guard page
  });

  const remap = (len: number, off: number, pgoff: (v: Vma) => number = (v) => v.vm_pgoff, user = true) => {
    let area: ReturnType<typeof vmalloc_user> | null = null;
    const s = setup((_f, v, a) => {
      area = user ? vmalloc_user(a, 65536) : vmalloc(a, 65536);
      return remap_vmalloc_range(v, area.addr, pgoff(v));
    });
    const r = mmap(s.mm, 0, len, PROT_READ, MAP_SHARED, s.file, off);
    if (!r.ok) return { errno: r.errno };
    const pages = area === null ? [] : (area as { pages: readonly { pfn: number }[] }).pages;
    return { flags: r.vma.vm_flags & (VM_DONTEXPAND | VM_DONTDUMP | VM_MIXEDMAP), first: pages.findIndex((p) => p.pfn === s.mm.findPte(r.addr)?.pfn) };
  };

  it("maps from page pgoff of the area (E13: offset 4096 with 61440 bytes is legal, 65536 bytes is not)", () => {
    expect(remap(65536, 0)).toEqual({ flags: VM_DONTEXPAND | VM_DONTDUMP | VM_MIXEDMAP, first: 0 });
    expect(remap(61440, 4096)).toEqual({ flags: VM_DONTEXPAND | VM_DONTDUMP | VM_MIXEDMAP, first: 1 });
    expect(remap(65536, 4096)).toEqual({ errno: EINVAL });
    expect(remap(65537, 0)).toEqual({ errno: EINVAL });
    expect(remap(4096, 16 * 4096)).toEqual({ errno: EINVAL });
  });

  it("-EINVAL for an area without VM_USERMAP and for a pgoff whose << PAGE_SHIFT overflows", () => {
    expect(remap(4096, 0, undefined, false)).toEqual({ errno: EINVAL });
    expect(remap(4096, 0, () => 2 ** 52)).toEqual({ errno: EINVAL });
    expect(remap(4096, 0, () => -1)).toEqual({ errno: EINVAL });
  });

  it("vfree while mapped leaves the mapped pages alive (each PTE holds a reference) until munmap", () => {
    const a = new PageAllocator();
    const mm = new Mm(a);
    const area = vmalloc_user(a, 2 * 4096);
    const file = openDevice(mm, { name: "vm", mmap: (_f, v) => remap_vmalloc_range(v, area.addr, 0) }, ro);
    const r = mmap(mm, 0, 2 * 4096, PROT_READ, MAP_SHARED, file, 0);
    if (!r.ok) throw new Error("mmap");
    vfree(a, area.addr);
    expect(area.pages.map(page_count)).toEqual([1, 1]);
    munmap(mm, r.addr, 2 * 4096);
    expect(area.pages.map(page_count)).toEqual([0, 0]);
    expect(a.refcountBugs).toEqual([]);
  });
});
