import { ENXIO } from "../errno";
import type { Vma } from "../mm";
import type { Page, PageAllocator } from "../pages";
import { PAGE, requireWhole } from "./install-pte";
import { allocContiguous, put_page } from "./kernel-pages";
import { remap_pfn_range } from "./remap-pfn-range";

// DMA-coherent buffers in the direct-mapping case (facts §4.4; kernel/dma/direct.c): no IOMMU, so the DMA handle
// is the physical address and the CPU address is the buffer's place in the direct map.

/** __PAGE_OFFSET_BASE_L4: the x86-64 direct map of physical memory (facts §2.2). */
export const DIRECT_MAP_BASE = 0xffff888000000000n;
/** _PAGE_PCD: with Linux's PAT setup the UC- cache mode that pgprot_noncached selects [R: PAT slots not in the facts]. */
const PAGE_PCD = 0x10n;

/** A struct device that does DMA. x86 devices are cache-coherent; a non-coherent one gets uncached user mappings. */
export interface DmaDevice {
  readonly name: string;
  readonly coherent: boolean;
  readonly allocator: PageAllocator;
}

/** What dma_alloc_coherent gives back: the CPU's address and the device's address of the same buffer. */
export interface CoherentBuffer {
  readonly cpu_addr: bigint;
  readonly dma_handle: bigint;
  readonly pages: readonly Page[];
}

/** dma_alloc_coherent(dev, size, &dma_handle, GFP_KERNEL): PAGE_ALIGN(size) contiguous zeroed bytes, or null for 0. */
export function dma_alloc_coherent(dev: DmaDevice, size: number): CoherentBuffer | null {
  requireWhole(size, "dma_alloc_coherent", "size");
  if (size <= 0) return null;
  const pages = allocContiguous(dev.allocator, Math.ceil(size / PAGE));
  const first = pages[0];
  if (first === undefined) return null;
  const pa = BigInt(first.pfn) * BigInt(PAGE);
  return { cpu_addr: DIRECT_MAP_BASE + pa, dma_handle: pa, pages };
}

/** dma_free_coherent(dev, size, cpu_addr, dma_handle): drops the buffer's references (mapped pages are not refcounted). */
export function dma_free_coherent(_dev: DmaDevice, buffer: CoherentBuffer): void {
  for (const page of buffer.pages) put_page(page);
}

/**
 * dma_mmap_coherent(dev, vma, cpu_addr, dma_handle, size) as dma_direct_mmap: adjusts vm_page_prot (uncached for a
 * non-coherent device), returns -ENXIO when vm_pgoff >= count or vma_pages > count - vm_pgoff (count =
 * PAGE_ALIGN(size) >> PAGE_SHIFT), then remap_pfn_range from the handle's frame plus vm_pgoff.
 */
export function dma_mmap_coherent(dev: DmaDevice, vma: Vma, _cpuAddr: bigint, dmaHandle: bigint, size: number): number {
  requireWhole(size, "dma_mmap_coherent", "size");
  const userCount = (vma.vm_end - vma.vm_start) / PAGE;
  const count = Math.ceil(size / PAGE);
  const pfn = Number(dmaHandle / BigInt(PAGE));
  if (!dev.coherent) vma.vm_page_prot |= PAGE_PCD;
  if (vma.vm_pgoff >= count || userCount > count - vma.vm_pgoff) return -ENXIO;
  return remap_pfn_range(vma, vma.vm_start, pfn + vma.vm_pgoff, userCount * PAGE, vma.vm_page_prot);
}
