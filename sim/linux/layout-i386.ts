// The i386 kernel's virtual memory layout for any split and RAM size, as three generations of kernels compute it
// (include/asm-x86/pgtable_32.h and page_32.h up to Linux 2.6.27; arch/x86/include/asm/pgtable_32.h from 2.6.28,
// later pgtable_32_types.h and pgtable_32_areas.h; arch/x86/mm/pgtable_32.c and init_32.c): where lowmem ends and
// where vmalloc, the kmap window and the fixmap sit.

const MB = 1 << 20;
const PAGE = 4096;
const TWO_32 = 4294967296;

/** CONFIG_PAGE_OFFSET choices (VMSPLIT_3G, 3G_OPT, 2G, 2G_OPT, 1G). 2G_OPT is not valid with PAE. */
export const I386_PAGE_OFFSETS = [0xc0000000, 0xb0000000, 0x80000000, 0x78000000, 0x40000000] as const;

/** `__VMALLOC_RESERVE` default: 128 MB, the 8 MB VMALLOC_OFFSET guard included. */
export const VMALLOC_RESERVE_DEFAULT = 128 * MB;
export const VMALLOC_OFFSET = 8 * MB;
/** ZONE_DMA ends at 16 MB (ISA DMA limit) [R]. */
export const ZONE_DMA_END = 16 * MB;

/**
 * How a kernel generation computes MAXMEM, VMALLOC_START, vmalloc= and PKMAP_BASE:
 * - "2.6": Linux 2.6.27 and older (include/asm-x86/page_32.h, pgtable_32.h). MAXMEM = -PAGE_OFFSET -
 *   __VMALLOC_RESERVE (896 MB with 3G/1G); VMALLOC_START = (high_memory + 2 * VMALLOC_OFFSET - 1) &
 *   ~(VMALLOC_OFFSET - 1), the first 8 MB boundary at least 8 MB above high_memory; vmalloc=N makes the reserve N.
 * - "3.x": Linux 2.6.28 to 4.14, after the 2008 "i386: vmalloc size fix" (include/asm-x86/pgtable_32.h):
 *   MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE (~888 MB); VMALLOC_START = high_memory + 8 MB;
 *   vmalloc=N makes the reserve N + VMALLOC_OFFSET (parse_vmalloc). In both, the kmap window hangs below the fixmap.
 * - "4.19": Linux 4.19 and later (arch/x86/include/asm/pgtable_32_areas.h): the 3.x formulas, but the kmap window
 *   hangs below the LDT remap, which hangs below the CPU entry area. (4.15 to 4.18 had the CPU entry area without the
 *   LDT remap; they are not modelled.)
 */
export type I386Era = "2.6" | "3.x" | "4.19";

/** CPU_ENTRY_AREA_BASE whenever the whole fixmap and the CPU entry areas fit in the top 4 MB (a few CPUs) [R]. */
export const CPU_ENTRY_AREA_BASE_DEFAULT = 0xffc00000;

/**
 * FIXADDR_START by era: the 2.6.24 and 2.6.38 boot logs ("virtual kernel memory layout", 3G/1G, 2 GB), and for 4.19
 * on, Linux 5.11's enum fixed_addresses (arch/x86/include/asm/fixmap.h) with CONFIG_NR_CPUS=4, local and I/O APICs and
 * PCI MMCONFIG: FIX_HOLE to FIX_IO_APIC_BASE_END (68), 4 x 16 kmap slots and FIX_PCIE_MCFG, 133 pages below the top.
 */
export const FIXADDR_START_DEFAULT: Readonly<Record<I386Era, number>> = {
  "2.6": 0xfff4b000,
  "3.x": 0xfff16000,
  "4.19": 0xfffff000 - 133 * PAGE,
};

export interface I386LayoutOptions {
  /** CONFIG_PAGE_OFFSET, default 0xC0000000. */
  pageOffset?: number;
  /** Installed RAM in bytes (contiguous from 0; real e820 holes are not modelled). */
  ramBytes: number;
  /** The `vmalloc=` boot parameter in bytes (parse_vmalloc; from 2.6.28 on the kernel adds VMALLOC_OFFSET to it). */
  vmallocBytes?: number;
  pae?: boolean;
  /** The kernel generation, default "3.x" (see I386Era). */
  era?: I386Era;
  /**
   * FIXADDR_START, the bottom of the fixmap; default FIXADDR_START_DEFAULT[era]. Before 4.19 the kernel hangs the kmap
   * window below FIXADDR_BOOT_START, the bottom of the boot-time slots under it; with the boot logs' values the
   * rounding to a PMD gives the same PKMAP_BASE, so one number stands for both.
   */
  fixaddrStart?: number;
  /** CPU_ENTRY_AREA_BASE (era "4.19" only), default CPU_ENTRY_AREA_BASE_DEFAULT. */
  cpuEntryAreaBase?: number;
}

/** Every boundary of an i386 layout; addresses are virtual unless the name says phys/bytes. */
export interface I386Layout {
  pageOffset: number;
  pae: boolean;
  era: I386Era;
  maxmemBytes: number;
  lowmemBytes: number;
  /** high_memory: the virtual end of the direct map (PAGE_OFFSET + lowmem). */
  highMemory: number;
  highmemBytes: number;
  vmallocStart: number;
  vmallocEnd: number;
  pkmapBase: number;
  pkmapEnd: number;
  /** LAST_PKMAP: 1024 entries without PAE, 512 with. */
  lastPkmap: number;
  /** Era "4.19": the CPU entry area [cpuEntryAreaBase, fixaddrStart) and the LDT remap, one PMD at ldtBase. */
  cpuEntryAreaBase: number | null;
  ldtBase: number | null;
  fixaddrStart: number;
  fixaddrTop: number;
  zones: { name: "DMA" | "Normal" | "HighMem"; startPhys: number; endPhys: number }[];
}

/**
 * Computes the layout the kernel would set up, following the era's headers (see I386Era): PKMAP_BASE = (FIXADDR_START
 * - PAGE_SIZE*(LAST_PKMAP+1)) & PMD_MASK, or from 4.19 (LDT_BASE_ADDR - PAGE_SIZE) & PMD_MASK with LDT_BASE_ADDR =
 * (CPU_ENTRY_AREA_BASE - PAGE_SIZE) & PMD_MASK; VMALLOC_END = PKMAP_BASE - 2*PAGE_SIZE; lowmem = min(RAM, MAXMEM).
 * Throws for parameters no kernel would accept or boot with (mem_init's BUG_ON(VMALLOC_START > VMALLOC_END)).
 */
export function layoutI386(options: I386LayoutOptions): I386Layout {
  const pageOffset = options.pageOffset ?? 0xc0000000;
  const pae = options.pae ?? false;
  const era = options.era ?? "3.x";
  if (!I386_PAGE_OFFSETS.some((po) => po === pageOffset))
    throw new RangeError(`unsupported PAGE_OFFSET ${pageOffset.toString(16)}`);
  if (pae && pageOffset % (1 << 30) !== 0) throw new RangeError("PAE needs a 1 GB aligned PAGE_OFFSET");
  if (!Number.isSafeInteger(options.ramBytes) || options.ramBytes <= 0)
    throw new RangeError("ramBytes must be a positive integer");

  const fixaddrTop = 0xfffff000;
  const fixaddrStart = options.fixaddrStart ?? FIXADDR_START_DEFAULT[era];
  const lastPkmap = pae ? 512 : 1024;
  const pmdSize = pae ? 2 * MB : 4 * MB;
  const pmdAlign = (va: number) => Math.floor(va / pmdSize) * pmdSize;
  let cpuEntryAreaBase: number | null = null;
  let ldtBase: number | null = null;
  let pkmapBase: number;
  if (era === "4.19") {
    cpuEntryAreaBase = options.cpuEntryAreaBase ?? CPU_ENTRY_AREA_BASE_DEFAULT;
    if (cpuEntryAreaBase % pmdSize !== 0 || cpuEntryAreaBase > fixaddrStart)
      throw new RangeError(
        `CPU_ENTRY_AREA_BASE 0x${cpuEntryAreaBase.toString(16)} is not a PMD boundary below the fixmap`,
      );
    ldtBase = pmdAlign(cpuEntryAreaBase - PAGE);
    pkmapBase = pmdAlign(ldtBase - PAGE);
  } else {
    pkmapBase = pmdAlign(fixaddrStart - PAGE * (lastPkmap + 1));
  }
  const pkmapEnd = pkmapBase + lastPkmap * PAGE;
  const vmallocEnd = pkmapBase - 2 * PAGE;
  // parse_vmalloc: up to 2.6.27 `vmalloc=` is the whole reserve; from 2.6.28 the 8 MB guard hole is added to it.
  const guard = era === "2.6" ? 0 : VMALLOC_OFFSET;
  const reserve = options.vmallocBytes === undefined ? VMALLOC_RESERVE_DEFAULT : options.vmallocBytes + guard;
  const maxmemBytes = era === "2.6" ? TWO_32 - pageOffset - reserve : vmallocEnd - pageOffset - reserve;
  if (maxmemBytes <= 0) throw new RangeError("vmalloc= leaves no room for lowmem");

  // Non-PAE can address 4 GB of RAM, PAE 64 GB; the rest is ignored by the kernel.
  const usable = Math.min(options.ramBytes, pae ? 64 * 1024 * MB : TWO_32);
  const lowmemBytes = Math.floor(Math.min(usable, maxmemBytes) / PAGE) * PAGE;
  const highMemory = pageOffset + lowmemBytes;
  const highmemBytes = Math.floor(usable / PAGE) * PAGE - lowmemBytes;
  // Up to 2.6.27 VMALLOC_START is rounded up to an 8 MB boundary: 8 to 16 MB above high_memory.
  const vmallocStart =
    era === "2.6"
      ? Math.floor((highMemory + 2 * VMALLOC_OFFSET - 1) / VMALLOC_OFFSET) * VMALLOC_OFFSET
      : highMemory + VMALLOC_OFFSET;
  if (vmallocStart > vmallocEnd) {
    throw new RangeError(
      `VMALLOC_START 0x${vmallocStart.toString(16)} is above VMALLOC_END 0x${vmallocEnd.toString(16)}: mem_init's BUG_ON(VMALLOC_START > VMALLOC_END)`,
    );
  }

  const zones: I386Layout["zones"] = [{ name: "DMA", startPhys: 0, endPhys: Math.min(ZONE_DMA_END, lowmemBytes) }];
  if (lowmemBytes > ZONE_DMA_END) zones.push({ name: "Normal", startPhys: ZONE_DMA_END, endPhys: lowmemBytes });
  if (highmemBytes > 0) zones.push({ name: "HighMem", startPhys: lowmemBytes, endPhys: lowmemBytes + highmemBytes });

  return {
    pageOffset,
    pae,
    era,
    maxmemBytes,
    lowmemBytes,
    highMemory,
    highmemBytes,
    vmallocStart,
    vmallocEnd,
    pkmapBase,
    pkmapEnd,
    lastPkmap,
    cpuEntryAreaBase,
    ldtBase,
    fixaddrStart,
    fixaddrTop,
    zones,
  };
}

/** __pa for a lowmem (direct-map) address, or null when `va` is outside [PAGE_OFFSET, high_memory). */
export function findPaI386(layout: I386Layout, va: number): number | null {
  return va >= layout.pageOffset && va < layout.highMemory ? va - layout.pageOffset : null;
}

/** __va for a lowmem physical address, or null for highmem (which has no permanent kernel address). */
export function findVaI386(layout: I386Layout, pa: number): number | null {
  return pa >= 0 && pa < layout.lowmemBytes ? pa + layout.pageOffset : null;
}
