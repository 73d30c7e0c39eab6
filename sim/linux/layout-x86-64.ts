// The x86-64 kernel's virtual memory layout (Documentation/arch/x86/x86_64/mm.rst, page_64_types.h, facts §2.2):
// every region of the 4-level and 5-level maps, with the three KASLR bases as parameters, a classifier for any
// 64-bit address, and __pa/__va (page_64.h's __phys_addr_nodebug). Addresses are bigints: they exceed 2^53.

const TB = 1n << 40n;
const PB = 1n << 50n;
const GB = 1n << 30n;
const MB = 1n << 20n;
const U64 = (1n << 64n) - 1n;

/** __START_KERNEL_map: the kernel image is mapped here, at physical 0 + phys_base (facts §2.2). */
export const START_KERNEL_MAP = 0xffffffff80000000n;
/** The legacy vsyscall page, fixed, user-readable, in the kernel half (facts §2.2). */
export const VSYSCALL_ADDR = 0xffffffffff600000n;
/** The end of the module mapping space (mm.rst: modules end at 0xfffffffffeffffff). */
export const MODULES_END = 0xffffffffff000000n;
/** A typical FIXADDR_START (about -11 MB; it moves with the configuration). classify-address uses the same. */
export const FIXADDR_START_DEFAULT = 0xffffffffff57c000n;

/** Every region mm.rst names, plus "unused" for its holes. The names classify-address uses, and "kasan-shadow". */
export type X8664RegionName =
  | "user"
  | "non-canonical"
  | "guard-hole"
  | "ldt-remap"
  | "direct-map"
  | "vmalloc"
  | "vmemmap"
  | "kasan-shadow"
  | "cpu-entry-area"
  | "esp-fixup"
  | "efi"
  | "kernel-text"
  | "modules"
  | "fixmap"
  | "vsyscall"
  | "unused";

/** The two paging depths: 48-bit (4-level) and 57-bit (5-level, CR4.LA57) virtual addresses. */
export type X8664Levels = 4 | 5;

/** Per depth: mm.rst's fixed rows, the default (non-KASLR) bases, the three moving regions' sizes. */
const DEPTHS = {
  4: {
    vaBits: 48n,
    guardHole: [0xffff800000000000n, 0xffff880000000000n],
    ldtRemap: [0xffff880000000000n, 0xffff888000000000n],
    kasan: [0xffffec0000000000n, 0xfffffc0000000000n],
    /** __PAGE_OFFSET_BASE_L4, and vmalloc/vmemmap bases without KASLR. */
    bases: { pageOffsetBase: 0xffff888000000000n, vmallocBase: 0xffffc90000000000n, vmemmapBase: 0xffffea0000000000n },
    sizes: { directMap: 64n * TB, vmalloc: 32n * TB, vmemmap: 1n * TB },
  },
  5: {
    vaBits: 57n,
    guardHole: [0xff00000000000000n, 0xff10000000000000n],
    ldtRemap: [0xff10000000000000n, 0xff11000000000000n],
    kasan: [0xffdf000000000000n, 0xfffffc0000000000n],
    /** __PAGE_OFFSET_BASE_L5 = 0xff11000000000000 (facts §2.2). */
    bases: { pageOffsetBase: 0xff11000000000000n, vmallocBase: 0xffa0000000000000n, vmemmapBase: 0xffd4000000000000n },
    sizes: { directMap: 32n * PB, vmalloc: 12n * PB + PB / 2n, vmemmap: PB / 2n },
  },
} as const;

/** CPU_ENTRY_AREA_BASE: the end of KASLR's window (vaddr_end) without KASAN. */
const CPU_ENTRY_AREA_BASE = 0xfffffe0000000000n;

/** The layout's rows shared by both depths: "identical layout to the 47-bit one from here on" (mm.rst). */
const COMMON_ROWS: [X8664RegionName, bigint, bigint][] = [
  ["cpu-entry-area", CPU_ENTRY_AREA_BASE, 0xfffffe8000000000n],
  ["esp-fixup", 0xffffff0000000000n, 0xffffff8000000000n],
  ["efi", 0xffffffef00000000n, 0xffffffff00000000n],
  ["vsyscall", VSYSCALL_ADDR, VSYSCALL_ADDR + 0x1000n],
];

export interface X8664LayoutOptions {
  /** 4 (default) or 5. */
  levels?: X8664Levels;
  /** page_offset_base, vmalloc_base, vmemmap_base: KASLR (CONFIG_RANDOMIZE_MEMORY) moves them, keeping their order. */
  pageOffsetBase?: bigint;
  vmallocBase?: bigint;
  vmemmapBase?: bigint;
  /** KERNEL_IMAGE_SIZE: 512 MB without KASLR (default), 1 GB with it. Modules start where it ends. */
  kernelImageBytes?: bigint;
  fixaddrStart?: bigint;
  /** Where the kernel image sits in physical memory beyond its link address (the kernel-text branch of __pa). */
  physBase?: bigint;
  /** CONFIG_KASAN: the shadow region is mapped, and KASLR must keep the bases below it. */
  kasan?: boolean;
}

/** One row: the bytes [start, end) are `region`. */
export interface X8664RegionRange {
  region: X8664RegionName;
  start: bigint;
  end: bigint;
}

export interface X8664Layout {
  levels: X8664Levels;
  pageOffsetBase: bigint;
  vmallocBase: bigint;
  vmemmapBase: bigint;
  kernelImageBytes: bigint;
  modulesVaddr: bigint;
  fixaddrStart: bigint;
  physBase: bigint;
  kasan: boolean;
  /** The named regions, sorted by address; what lies between them is "unused". */
  regions: X8664RegionRange[];
}

/**
 * The layout a kernel with these parameters sets up (mm.rst's table for the depth). Throws RangeError for bases no
 * kernel would choose: unaligned to 1 GB (KASLR's granularity), out of order, overlapping a fixed region, or below
 * the LDT remap / above the KASLR end (cpu_entry_area, or the KASAN shadow with CONFIG_KASAN).
 */
export function layoutX8664(options: X8664LayoutOptions = {}): X8664Layout {
  const levels = options.levels ?? 4;
  const depth = DEPTHS[levels];
  const kasan = options.kasan ?? false;
  const pageOffsetBase = options.pageOffsetBase ?? depth.bases.pageOffsetBase;
  const vmallocBase = options.vmallocBase ?? depth.bases.vmallocBase;
  const vmemmapBase = options.vmemmapBase ?? depth.bases.vmemmapBase;
  const kernelImageBytes = options.kernelImageBytes ?? 512n * MB;
  const fixaddrStart = options.fixaddrStart ?? FIXADDR_START_DEFAULT;
  const physBase = options.physBase ?? 0n;

  for (const base of [pageOffsetBase, vmallocBase, vmemmapBase]) {
    if (base % GB !== 0n) throw new RangeError(`KASLR bases are 1 GB aligned, got 0x${base.toString(16)}`);
  }
  if (kernelImageBytes !== 512n * MB && kernelImageBytes !== GB)
    throw new RangeError("KERNEL_IMAGE_SIZE is 512 MB or 1 GB");
  const modulesVaddr = START_KERNEL_MAP + kernelImageBytes;
  if (fixaddrStart <= MODULES_END || fixaddrStart >= VSYSCALL_ADDR || fixaddrStart % 0x1000n !== 0n) {
    throw new RangeError("FIXADDR_START is a page between the modules and the vsyscall page");
  }
  if (physBase < 0n || physBase % 0x1000n !== 0n) throw new RangeError("phys_base is a page-aligned physical address");

  const moving: X8664RegionRange[] = [
    { region: "direct-map", start: pageOffsetBase, end: pageOffsetBase + depth.sizes.directMap },
    { region: "vmalloc", start: vmallocBase, end: vmallocBase + depth.sizes.vmalloc },
    { region: "vmemmap", start: vmemmapBase, end: vmemmapBase + depth.sizes.vmemmap },
  ];
  // KASLR's window: from the direct map's default base to vaddr_end (cpu_entry_area, or the KASAN shadow).
  const kaslrEnd = kasan ? depth.kasan[0] : CPU_ENTRY_AREA_BASE;
  for (let i = 0; i < moving.length; i++) {
    const row = moving[i] as X8664RegionRange;
    const before = moving[i - 1];
    if (row.start < depth.bases.pageOffsetBase || row.end > kaslrEnd || (before && before.end > row.start)) {
      throw new RangeError(`${row.region} at 0x${row.start.toString(16)} is out of order or outside KASLR's window`);
    }
  }

  const rows: X8664RegionRange[] = [
    { region: "user", start: 0n, end: 1n << (depth.vaBits - 1n) },
    { region: "non-canonical", start: 1n << (depth.vaBits - 1n), end: depth.guardHole[0] },
    { region: "guard-hole", start: depth.guardHole[0], end: depth.guardHole[1] },
    { region: "ldt-remap", start: depth.ldtRemap[0], end: depth.ldtRemap[1] },
    ...moving,
    ...(kasan ? [{ region: "kasan-shadow" as const, start: depth.kasan[0], end: depth.kasan[1] }] : []),
    ...COMMON_ROWS.map(([region, start, end]) => ({ region, start, end })),
    { region: "kernel-text", start: START_KERNEL_MAP, end: modulesVaddr },
    { region: "modules", start: modulesVaddr, end: MODULES_END },
    { region: "fixmap", start: fixaddrStart, end: VSYSCALL_ADDR },
  ];
  rows.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return {
    levels,
    pageOffsetBase,
    vmallocBase,
    vmemmapBase,
    kernelImageBytes,
    modulesVaddr,
    fixaddrStart,
    physBase,
    kasan,
    regions: rows,
  };
}

/** The region holding `va` (any 64-bit value) with its bounds; the holes between named rows are "unused". */
export function classifyX8664(layout: X8664Layout, va: bigint): X8664RegionRange {
  const address = va & U64;
  let holeStart = 0n;
  for (const row of layout.regions) {
    if (address < row.start) return { region: "unused", start: holeStart, end: row.start };
    if (address < row.end) return row;
    holeStart = row.end;
  }
  return { region: "unused", start: holeStart, end: U64 + 1n };
}

/**
 * __pa(x) as page_64.h computes it, for any x: y = x - __START_KERNEL_map; if x >= __START_KERNEL_map the result
 * is y + phys_base (the kernel image), else x - PAGE_OFFSET (the direct map). Unsigned 64-bit, no validity check:
 * like the kernel's, it gives garbage for an address in neither region (see findPaX8664).
 */
export function paX8664(layout: X8664Layout, x: bigint): bigint {
  const va = x & U64;
  return va >= START_KERNEL_MAP ? (va - START_KERNEL_MAP + layout.physBase) & U64 : (va - layout.pageOffsetBase) & U64;
}

/** __pa for an address that has one (the direct map or the kernel image), else null. */
export function findPaX8664(layout: X8664Layout, x: bigint): bigint | null {
  const region = classifyX8664(layout, x).region;
  return region === "direct-map" || region === "kernel-text" ? paX8664(layout, x) : null;
}

/** __va(p) = p + PAGE_OFFSET: the direct-map address of physical p (every RAM byte has one on x86-64). */
export function vaX8664(layout: X8664Layout, pa: bigint): bigint {
  return (pa + layout.pageOffsetBase) & U64;
}

/** __va for a physical address the direct map covers (64 TB with 4 levels, 32 PB with 5), else null. */
export function findVaX8664(layout: X8664Layout, pa: bigint): bigint | null {
  return pa >= 0n && pa < DEPTHS[layout.levels].sizes.directMap ? vaX8664(layout, pa) : null;
}
