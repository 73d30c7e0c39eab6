// Classify a virtual address: which part of the address space (user, the kernel's direct map, vmalloc, ...) holds
// it, for an i386 kernel or an x86-64 kernel with 4-level paging. The prompt lists every region and its bounds.

export type Region =
  | "user"
  | "non-canonical"
  | "guard-hole"
  | "ldt-remap"
  | "direct-map"
  | "vmalloc"
  | "vmemmap"
  | "cpu-entry-area"
  | "esp-fixup"
  | "efi"
  | "kernel-text"
  | "modules"
  | "pkmap"
  | "fixmap"
  | "vsyscall"
  | "unused";

/** An i386 kernel's layout (all numbers are bigints; ranges are [start, end)). */
export interface I386Layout {
  arch: "i386";
  /** CONFIG_PAGE_OFFSET: user space is [0, pageOffset); the direct map starts here. */
  pageOffset: bigint;
  /** Installed RAM, from physical address 0. */
  ramBytes: bigint;
  /** MAXMEM: the most RAM the direct map can hold. */
  maxmemBytes: bigint;
  /** VMALLOC_END (exclusive). VMALLOC_START is not given: it is high_memory + 8 MB. */
  vmallocEnd: bigint;
  /** PKMAP_BASE and LAST_PKMAP: the kmap window is lastPkmap pages of 4 KB from pkmapBase. */
  pkmapBase: bigint;
  lastPkmap: bigint;
  /** The fixmap is [fixaddrStart, fixaddrTop). */
  fixaddrStart: bigint;
  fixaddrTop: bigint;
}

/** An x86-64 (4-level) kernel's layout: the parameters KASLR and the configuration can change. */
export interface X8664Layout {
  arch: "x86_64";
  /** page_offset_base: the direct map, 64 TB. */
  pageOffsetBase: bigint;
  /** vmalloc_base: vmalloc/ioremap space, 32 TB. */
  vmallocBase: bigint;
  /** vmemmap_base: the struct page array, 1 TB. */
  vmemmapBase: bigint;
  /** KERNEL_IMAGE_SIZE: the kernel text mapping starts at 0xffffffff80000000; modules follow it. */
  kernelImageBytes: bigint;
  /** FIXADDR_START: the fixmap runs from here up to the vsyscall page at 0xffffffffff600000. */
  fixaddrStart: bigint;
}

export type Layout = I386Layout | X8664Layout;

/** Which region of `layout` holds `address` (a 32-bit address on i386, a 64-bit one on x86-64). */
export function classify(layout: Layout, address: bigint): Region {
  if (layout.arch === "i386") {
    // 1. Below PAGE_OFFSET is user space.
    if (address < layout.pageOffset) return "user";
    // 2. The direct map ends at high_memory = PAGE_OFFSET + min(RAM, MAXMEM); then the 8 MB guard, vmalloc,
    //    the kmap window and the fixmap. Anything else in the kernel half is "unused".
    return "unused";
  }
  // 3. x86-64: is the address canonical (bits 63:47 all equal to bit 47)? Which half is it in?
  if (address < 0x0000800000000000n) return "user";
  // 4. The kernel half: the fixed regions of the table, and the three whose bases KASLR moves.
  return "unused";
}
