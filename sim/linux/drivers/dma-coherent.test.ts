import { describe, expect, it } from "vitest";
import { ENXIO } from "../errno";
import { Mm } from "../mm";
import { mmap } from "../mmap";
import { PageAllocator } from "../pages";
import { MAP_SHARED, PAGE_READONLY, PAGE_SHARED, PROT_READ, PROT_WRITE, VM_PFNMAP } from "../vm-flags";
import { openDevice } from "./device-file";
import { DIRECT_MAP_BASE, dma_alloc_coherent, dma_free_coherent, dma_mmap_coherent, type DmaDevice } from "./dma-coherent";
import { page_count } from "./kernel-pages";

function setup(coherent: boolean, size: number) {
  const allocator = new PageAllocator();
  const mm = new Mm(allocator);
  const dev: DmaDevice = { name: "nic", coherent, allocator };
  const buffer = dma_alloc_coherent(dev, size);
  if (buffer === null) throw new Error("dma_alloc_coherent");
  const file = openDevice(mm, { name: "nic", mmap: (_f, v) => dma_mmap_coherent(dev, v, buffer.cpu_addr, buffer.dma_handle, size) }, { read: true, write: true });
  return { mm, dev, buffer, file };
}

describe("dma_alloc_coherent and dma_mmap_coherent (facts §4.4)", () => {
  it("gives a contiguous buffer: the handle is its physical address, the CPU address its direct-map address", () => {
    const { buffer } = setup(true, 3 * 4096 + 1);
    expect(buffer.pages.length).toBe(4);
    expect(buffer.pages.map((p) => p.pfn - buffer.pages[0]!.pfn)).toEqual([0, 1, 2, 3]);
    expect(buffer.dma_handle).toBe(BigInt(buffer.pages[0]!.pfn) * 4096n);
    expect(buffer.cpu_addr).toBe(DIRECT_MAP_BASE + buffer.dma_handle);
    expect(dma_alloc_coherent({ name: "x", coherent: true, allocator: new PageAllocator() }, 0)).toBeNull();
  });

  it("maps from frame handle >> 12 plus vm_pgoff with remap_pfn_range; -ENXIO past the buffer (count = PAGE_ALIGN(size) >> 12)", () => {
    const map = (len: number, off: number) => {
      const s = setup(true, 3 * 4096 + 1);
      const r = mmap(s.mm, 0, len, PROT_READ | PROT_WRITE, MAP_SHARED, s.file, off);
      return r.ok ? [s.mm.findPte(r.addr)!.pfn - s.buffer.pages[0]!.pfn, (r.vma.vm_flags & VM_PFNMAP) !== 0, r.vma.vm_page_prot] : -r.errno;
    };
    expect(map(4 * 4096, 0)).toEqual([0, true, PAGE_SHARED]);
    expect(map(4096, 3 * 4096)).toEqual([3, true, PAGE_SHARED]);
    expect(map(2 * 4096, 3 * 4096)).toBe(-ENXIO);
    expect(map(4096, 4 * 4096)).toBe(-ENXIO);
    expect(map(5 * 4096, 0)).toBe(-ENXIO);
  });

  it("a non-coherent device gets an uncached user mapping (PCD); remapped frames hold no references", () => {
    const s = setup(false, 4096);
    const r = mmap(s.mm, 0, 4096, PROT_READ, MAP_SHARED, s.file, 0);
    expect(r.ok && r.vma.vm_page_prot).toBe(PAGE_READONLY | 0x10n); // PROT_READ, MAP_SHARED: PAGE_READONLY, plus PCD
    expect(page_count(s.buffer.pages[0]!)).toBe(1);
    dma_free_coherent(s.dev, s.buffer);
    expect(page_count(s.buffer.pages[0]!)).toBe(0);
  });
});
