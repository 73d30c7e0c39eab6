import { EINVAL } from "../errno";
import type { Vma } from "../mm";
import { VM_DONTDUMP, VM_DONTEXPAND, VM_IO, VM_PFNMAP } from "../vm-flags";
import { installPte, PAGE, requireVmaMm, requireWhole, toUlong, zapRange } from "./install-pte";
import { is_cow_mapping, vm_flags_set } from "./vma-mm";

// remap_pfn_range and the helpers built on it (facts §4.3; mm/memory.c remap_pfn_range_internal, vm_iomap_memory).

const U64 = (1n << 64n) - 1n;
const PAGE_BIG = BigInt(PAGE);
/** pfn_pte() keeps PTE bits 12..51: a PFN is 40 bits wide, anything above is masked away. */
const PFN_BITS = 40;
const PFN_LIMIT = 2 ** PFN_BITS;

/**
 * remap_pfn_range(vma, addr, pfn, size, prot): maps frames pfn.. at user addr for PAGE_ALIGN(size) bytes. -EINVAL for
 * an unaligned addr, a COW mapping (MAP_PRIVATE with VM_MAYWRITE) not covered exactly (which then gets vm_pgoff =
 * pfn), or (sim's guards where the kernel BUGs or corrupts page tables) an empty range or one outside the VMA.
 * Sets VM_IO|VM_PFNMAP|VM_DONTEXPAND|VM_DONTDUMP. Takes no page references and validates pfn against nothing:
 * that is the driver's job. A failure partway zaps what was built.
 */
export function remap_pfn_range(vma: Vma, addr: number, pfn: number, size: number, prot: bigint): number {
  const who = "remap_pfn_range";
  requireWhole(addr, who, "addr");
  requireWhole(pfn, who, "pfn");
  requireWhole(size, who, "size");
  const mm = requireVmaMm(vma, who);
  const start = toUlong(addr);
  const end = (start + ((toUlong(size) + PAGE_BIG - 1n) & U64 & ~(PAGE_BIG - 1n))) & U64;
  if (start % PAGE_BIG !== 0n) return -EINVAL; // WARN_ON_ONCE(!PAGE_ALIGNED(addr))
  if (is_cow_mapping(vma.vm_flags)) {
    if (start !== BigInt(vma.vm_start) || end !== BigInt(vma.vm_end)) return -EINVAL;
    vma.vm_pgoff = pfn;
  }
  vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
  if (start >= end || start < BigInt(vma.vm_start) || end > BigInt(vma.vm_end)) return -EINVAL;
  const first = Number(start);
  const last = Number(end);
  // Numbers from here on: a 40-bit PFN plus a page count stays far below 2^53 (and a huge remap stays fast).
  const base = Number(BigInt.asUintN(PFN_BITS, toUlong(pfn)));
  for (let a = first, i = 0; a < last; a += PAGE, i++) {
    const err = installPte(mm, a, (base + i) % PFN_LIMIT, null, prot);
    if (err !== 0) {
      zapRange(mm, first, a);
      return err;
    }
  }
  return 0;
}

/** io_remap_pfn_range(): the same as remap_pfn_range on x86 (no I/O address translation). */
export function io_remap_pfn_range(vma: Vma, addr: number, pfn: number, size: number, prot: bigint): number {
  return remap_pfn_range(vma, addr, pfn, size, prot);
}

/**
 * vm_iomap_memory(vma, start, len): the safe way to map a physical region [start, start + len): -EINVAL when the
 * region wraps, when vm_pgoff > its pages, or when the VMA is longer than the pages left after vm_pgoff; then maps
 * the whole VMA from page vm_pgoff of the region.
 */
export function vm_iomap_memory(vma: Vma, start: bigint, len: number): number {
  const s = BigInt.asUintN(64, start);
  let length = toUlong(requireWhole(len, "vm_iomap_memory", "len"));
  if (((s + length) & U64) < s) return -EINVAL;
  length += s & (PAGE_BIG - 1n);
  let pfn = s >> 12n;
  let pages = ((length + PAGE_BIG - 1n) & U64) >> 12n;
  if (((pfn + pages) & U64) < pfn) return -EINVAL;
  const pgoff = BigInt(vma.vm_pgoff);
  if (pgoff > pages) return -EINVAL;
  pfn += pgoff;
  pages -= pgoff;
  const vmLen = vma.vm_end - vma.vm_start;
  if (BigInt(vmLen) >> 12n > pages) return -EINVAL;
  return io_remap_pfn_range(vma, vma.vm_start, Number(BigInt.asUintN(PFN_BITS, pfn)), vmLen, vma.vm_page_prot);
}
