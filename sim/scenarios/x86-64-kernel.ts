import type { PhysicalMemory } from "../memory/physical-memory";
import { _KERNPG_TABLE, PTE_US } from "../x86/constants";
import type { FrameAllocator } from "./frame-allocator";
import { NX_HI, PageTableBuilder64, type EntryFlags } from "./page-table-builder-64";

// The kernel half of an x86-64 Linux address space (facts §2.2), built into init_top_pgt without randomness so that
// every process built with the same options has the same PML4 entries 256..511 (decision 0014).

/** Low 48 bits of the layout's bases (the builder indexes canonical VAs by their low 48 bits). */
const LOW48 = 2 ** 48;
/** __PAGE_OFFSET_BASE_L4, PML4 slot 273: the direct map of all RAM. */
export const DIRECT_MAP_BASE = 0xffff888000000000n;
/** VMALLOC_START without KASLR (vmalloc_base). */
export const VMALLOC_BASE = 0xffffc90000000000n;
/** __START_KERNEL_map: the kernel image, mapped to physical 0 + phys_base. */
export const START_KERNEL_MAP = 0xffffffff80000000n;
/** MODULES_VADDR without KASLR: __START_KERNEL_map + KERNEL_IMAGE_SIZE (512 MB). */
export const MODULES_VADDR = 0xffffffffa0000000n;
/** The legacy vsyscall page (PML4 511, PDPT 511, PD 507, PT 0). */
export const VSYSCALL_ADDR = 0xffffffffff600000n;
/** FIXADDR_TOP: the fixmap grows down from here, in the same page table as the vsyscall page. */
export const FIXADDR_TOP = 0xffffffffff7ff000n;

// Leaf protections from pgtable_types.h (facts §1.3), as halves.
const PAGE_KERNEL: EntryFlags = { lo: 0x163, hi: NX_HI }; // __PAGE_KERNEL: P|RW|A|D|G, NX
const PAGE_KERNEL_RX: EntryFlags = { lo: 0x161, hi: 0 }; // __PAGE_KERNEL_RX: module text
const PAGE_KERNEL_LARGE: EntryFlags = { lo: 0x1e3, hi: NX_HI }; // __PAGE_KERNEL_LARGE: direct map, kernel data
const PAGE_KERNEL_LARGE_RX: EntryFlags = { lo: 0x1e1, hi: 0 }; // kernel text after mark_rodata_ro()
const PAGE_KERNEL_LARGE_RO: EntryFlags = { lo: 0x1e1, hi: NX_HI }; // kernel rodata
const PAGE_KERNEL_VSYSCALL: EntryFlags = { lo: 0x165, hi: 0 }; // RX|USER, global

/** The kernel's own page tables come from consecutive frames after the image, like the early brk allocator. */
const KERNEL_TABLES_PFN = 0x3400;
/** Physical start of the kernel image: CONFIG_PHYSICAL_START, 16 MB (phys_base 0). */
const KERNEL_PHYS = 0x1000000;
const MB2 = 2 * 1024 * 1024;
const GB = 1024 * 1024 * 1024;

export interface X8664Region {
  name: string;
  /** Canonical virtual addresses; `end` is exclusive. */
  start: bigint;
  end: bigint;
  user: boolean;
  writable: boolean;
  nx: boolean;
}

export interface X8664KernelOptions {
  ramBytes: number;
  /** Map whole gigabytes of the direct map with 1 GB pages (CPU has gbpages). */
  gbPages: boolean;
  /** vsyscall=emulate: map the vsyscall page user-readable and set USER on its path; xonly/none leave it unmapped. */
  vsyscall: boolean;
}

/**
 * Writes the kernel half into the PML4 at `pml4Base`: the direct map (4 KB pages for the first 2 MB, 2 MB pages up
 * to the first 1 GB boundary, 1 GB pages for whole gigabytes, 2 MB pages for the rest), the kernel image with 2 MB
 * global pages (text RX, rodata NX, data NX), a module, vmalloc areas of 4 KB pages with guard gaps, fixmap slots and
 * optionally the vsyscall page. Returns the regions it mapped.
 */
export function buildX8664KernelHalf(mem: PhysicalMemory, pml4Base: number, options: X8664KernelOptions, frames: FrameAllocator): X8664Region[] {
  const tables = new PageTableBuilder64(mem, pml4Base, 3, () => frames.next(KERNEL_TABLES_PFN), () => ({ lo: _KERNPG_TABLE, hi: 0 }));
  const low = (va: bigint) => Number(va % BigInt(LOW48));
  const direct = low(DIRECT_MAP_BASE);
  const { ramBytes } = options;

  // Direct map: phys p at DIRECT_MAP_BASE + p (__va). The first 2 MB are split into 4 KB pages (the ISA range).
  for (let pa = 0; pa < Math.min(MB2, ramBytes); pa += 4096) tables.map(direct + pa, 0, pa, PAGE_KERNEL);
  for (let pa = MB2; pa < ramBytes; ) {
    if (options.gbPages && pa % GB === 0 && pa + GB <= ramBytes) {
      tables.map(direct + pa, 2, pa, PAGE_KERNEL_LARGE);
      pa += GB;
    } else {
      tables.map(direct + pa, 1, pa, PAGE_KERNEL_LARGE);
      pa += MB2;
    }
  }

  // The kernel image at __START_KERNEL_map + 16 MB: text, rodata, data+bss in 2 MB pages (level2_kernel_pgt).
  const image = low(START_KERNEL_MAP) + KERNEL_PHYS;
  const sections: [string, number, EntryFlags][] = [
    ["kernel text", 6, PAGE_KERNEL_LARGE_RX],
    ["kernel rodata", 3, PAGE_KERNEL_LARGE_RO],
    ["kernel data", 3, PAGE_KERNEL_LARGE],
  ];
  const regions: X8664Region[] = [kernelRegion("direct map", DIRECT_MAP_BASE, BigInt(ramBytes), true, true)];
  let offset = 0;
  for (const [name, pages, flags] of sections) {
    for (let i = 0; i < pages; i++) tables.map(image + offset + i * MB2, 1, KERNEL_PHYS + offset + i * MB2, flags);
    regions.push(kernelRegion(name, START_KERNEL_MAP + BigInt(KERNEL_PHYS + offset), BigInt(pages * MB2), (flags.lo & 2) !== 0, flags.hi !== 0));
    offset += pages * MB2;
  }

  // Backing frames for vmalloc, modules and the fixmap: scattered RAM frames chosen without randomness.
  const ramPfns = Math.floor(ramBytes / 4096);
  let scatter = 0;
  const backing = () => frames.next(Math.floor(ramPfns / 3) + 97 * scatter++);

  // One module: text RX, data NX, in 4 KB pages at MODULES_VADDR (module_alloc is vmalloc-like).
  const module = low(MODULES_VADDR);
  for (let i = 0; i < 3; i++) tables.map(module + i * 4096, 0, backing() * 4096, PAGE_KERNEL_RX);
  for (let i = 3; i < 5; i++) tables.map(module + i * 4096, 0, backing() * 4096, PAGE_KERNEL);
  regions.push(kernelRegion("module text", MODULES_VADDR, 3n * 4096n, false, false));
  regions.push(kernelRegion("module data", MODULES_VADDR + 3n * 4096n, 2n * 4096n, true, true));

  // vmalloc: areas of 4 KB pages, each followed by an unmapped guard page.
  let cursor = low(VMALLOC_BASE);
  for (const pages of [4, 8, 2, 16]) {
    for (let i = 0; i < pages; i++) tables.map(cursor + i * 4096, 0, backing() * 4096, PAGE_KERNEL);
    cursor += (pages + 1) * 4096;
  }
  regions.push(kernelRegion("vmalloc", VMALLOC_BASE, BigInt(cursor - low(VMALLOC_BASE)), true, true));

  // Fixmap: a handful of slots below FIXADDR_TOP.
  const fixTop = low(FIXADDR_TOP);
  for (let slot = 0; slot < 6; slot++) tables.map(fixTop - slot * 4096, 0, backing() * 4096, PAGE_KERNEL);
  regions.push(kernelRegion("fixmap", FIXADDR_TOP - 5n * 4096n, 6n * 4096n, true, true));

  if (options.vsyscall) {
    // The page lives in the kernel image; set_vsyscall_pgtable_user_bits() sets USER on every entry above it.
    const vsyscall = low(VSYSCALL_ADDR);
    tables.map(vsyscall, 0, KERNEL_PHYS + 0x3000, PAGE_KERNEL_VSYSCALL);
    tables.orPath(vsyscall, 0, PTE_US);
    regions.push({ name: "[vsyscall]", start: VSYSCALL_ADDR, end: VSYSCALL_ADDR + 4096n, user: true, writable: false, nx: false });
  }
  return regions;
}

function kernelRegion(name: string, start: bigint, size: bigint, writable: boolean, nx: boolean): X8664Region {
  return { name, start, end: start + size, user: false, writable, nx };
}
