// The i386 kernel's virtual memory layout (arch/x86/include/asm/pgtable_32_areas.h, arch/x86/mm/pgtable_32.c,
// init_32.c): where lowmem ends and where vmalloc, the kmap window and the fixmap sit, for any split and RAM size.

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

export interface I386LayoutOptions {
  /** CONFIG_PAGE_OFFSET, default 0xC0000000. */
  pageOffset?: number;
  /** Installed RAM in bytes (contiguous from 0; real e820 holes are not modelled). */
  ramBytes: number;
  /** The `vmalloc=` boot parameter in bytes; the kernel adds VMALLOC_OFFSET to it (parse_vmalloc). */
  vmallocBytes?: number;
  pae?: boolean;
  /**
   * "2.6": MAXMEM = -PAGE_OFFSET - __VMALLOC_RESERVE (896 MB with 3G/1G).
   * "3.x" (default): MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE (~888 MB).
   */
  era?: "2.6" | "3.x";
  /** FIXADDR_START; defaults to the era's boot-log value (0xfff4b000 for 2.6, 0xfff16000 for 3.x [R]). */
  fixaddrStart?: number;
}

/** Every boundary of an i386 layout; addresses are virtual unless the name says phys/bytes. */
export interface I386Layout {
  pageOffset: number;
  pae: boolean;
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
  fixaddrStart: number;
  fixaddrTop: number;
  zones: { name: "DMA" | "Normal" | "HighMem"; startPhys: number; endPhys: number }[];
}

/**
 * Computes the layout the kernel would set up, following the headers' formulas:
 * PKMAP_BASE = (FIXADDR_START - PAGE_SIZE*(LAST_PKMAP+1)) & PMD_MASK, VMALLOC_END = PKMAP_BASE - 2*PAGE_SIZE,
 * lowmem = min(RAM, MAXMEM), VMALLOC_START = high_memory + 8 MB. Throws for parameters no kernel would accept.
 */
export function layoutI386(options: I386LayoutOptions): I386Layout {
  const pageOffset = options.pageOffset ?? 0xc0000000;
  const pae = options.pae ?? false;
  const era = options.era ?? "3.x";
  if (!I386_PAGE_OFFSETS.some((po) => po === pageOffset)) throw new RangeError(`unsupported PAGE_OFFSET ${pageOffset.toString(16)}`);
  if (pae && pageOffset % (1 << 30) !== 0) throw new RangeError("PAE needs a 1 GB aligned PAGE_OFFSET");
  if (!Number.isSafeInteger(options.ramBytes) || options.ramBytes <= 0) throw new RangeError("ramBytes must be a positive integer");

  const fixaddrTop = 0xfffff000;
  const fixaddrStart = options.fixaddrStart ?? (era === "2.6" ? 0xfff4b000 : 0xfff16000);
  const lastPkmap = pae ? 512 : 1024;
  const pmdSize = pae ? 2 * MB : 4 * MB;
  const pkmapBase = Math.floor((fixaddrStart - PAGE * (lastPkmap + 1)) / pmdSize) * pmdSize;
  const pkmapEnd = pkmapBase + lastPkmap * PAGE;
  const vmallocEnd = pkmapBase - 2 * PAGE;
  const reserve = options.vmallocBytes === undefined ? VMALLOC_RESERVE_DEFAULT : options.vmallocBytes + VMALLOC_OFFSET;
  const maxmemBytes = era === "2.6" ? TWO_32 - pageOffset - reserve : vmallocEnd - pageOffset - reserve;
  if (maxmemBytes <= 0) throw new RangeError("vmalloc= leaves no room for lowmem");

  // Non-PAE can address 4 GB of RAM, PAE 64 GB; the rest is ignored by the kernel.
  const usable = Math.min(options.ramBytes, pae ? 64 * 1024 * MB : TWO_32);
  const lowmemBytes = Math.floor(Math.min(usable, maxmemBytes) / PAGE) * PAGE;
  const highMemory = pageOffset + lowmemBytes;
  const highmemBytes = Math.floor(usable / PAGE) * PAGE - lowmemBytes;

  const zones: I386Layout["zones"] = [{ name: "DMA", startPhys: 0, endPhys: Math.min(ZONE_DMA_END, lowmemBytes) }];
  if (lowmemBytes > ZONE_DMA_END) zones.push({ name: "Normal", startPhys: ZONE_DMA_END, endPhys: lowmemBytes });
  if (highmemBytes > 0) zones.push({ name: "HighMem", startPhys: lowmemBytes, endPhys: lowmemBytes + highmemBytes });

  return {
    pageOffset,
    pae,
    maxmemBytes,
    lowmemBytes,
    highMemory,
    highmemBytes,
    vmallocStart: highMemory + VMALLOC_OFFSET,
    vmallocEnd,
    pkmapBase,
    pkmapEnd,
    lastPkmap,
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
