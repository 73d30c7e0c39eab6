// Lay out an i386 kernel's part of the address space: where lowmem (the direct map) ends, where vmalloc space and
// the kmap window sit, how much RAM is highmem, and how RAM is split into zones. The prompt gives every formula.

/** The kernel's configuration. Every number is a plain number of bytes or a virtual address (below 2^32). */
export interface Config {
  /** CONFIG_PAGE_OFFSET: 0xc0000000 (VMSPLIT_3G), 0xb0000000, 0x80000000, 0x78000000 or 0x40000000. */
  pageOffset: number;
  /** Installed RAM, contiguous from physical address 0 (with PAE it can exceed 4 GB). */
  ramBytes: number;
  /** The `vmalloc=` boot parameter in bytes, or null when the command line has none. */
  vmallocBytes: number | null;
  /** A PAE kernel (CONFIG_X86_PAE, "HIGHMEM64G"). */
  pae: boolean;
  /** Which formulas the kernel uses: "2.6" (Linux 2.6.27 and older) or "3.x" (Linux 2.6.28 to 4.14). */
  era: "2.6" | "3.x";
  /** FIXADDR_START: the bottom of the fixmap, which depends on the kernel's configuration. */
  fixaddrStart: number;
}

export interface Zone {
  name: "DMA" | "Normal" | "HighMem";
  /** Physical range [startPhys, endPhys). */
  startPhys: number;
  endPhys: number;
}

export interface Layout {
  /** MAXMEM: the most RAM the direct map can hold. */
  maxmemBytes: number;
  /** RAM in the direct map (lowmem). */
  lowmemBytes: number;
  /** high_memory: the virtual address where the direct map ends. */
  highMemory: number;
  /** RAM the kernel uses that is not in the direct map. */
  highmemBytes: number;
  /** VMALLOC_START and VMALLOC_END: vmalloc space is [vmallocStart, vmallocEnd). */
  vmallocStart: number;
  vmallocEnd: number;
  /** The kmap window is [pkmapBase, pkmapEnd). */
  pkmapBase: number;
  pkmapEnd: number;
  /** The zones that are not empty, in the order DMA, Normal, HighMem. */
  zones: Zone[];
}

const PAGE_SIZE = 4096;
const MB = 1024 * 1024;

/** Where an i386 kernel with `config` puts lowmem, vmalloc and the kmap window, and how it zones RAM. */
export function computeLayout(config: Config): Layout {
  // 1. The kmap window: LAST_PKMAP pages, just below the fixmap, rounded down to a page-table boundary.
  //    Without PAE that is 1024 pages and 4 MB; what changes with PAE?
  const lastPkmap = 1024;
  const pkmapBase = Math.floor((config.fixaddrStart - PAGE_SIZE * (lastPkmap + 1)) / (4 * MB)) * (4 * MB);
  const pkmapEnd = pkmapBase + lastPkmap * PAGE_SIZE;
  const vmallocEnd = pkmapBase - 2 * PAGE_SIZE;

  // 2. MAXMEM: this is the old (2.6) formula with the default 128 MB reserve. What does a 3.x kernel do, and what
  //    does vmalloc= change?
  const maxmemBytes = 2 ** 32 - config.pageOffset - 128 * MB;

  // 3. Lowmem is the RAM that fits under MAXMEM. How much RAM can the kernel use at all, with and without PAE?
  const lowmemBytes = Math.min(config.ramBytes, maxmemBytes);
  const highMemory = config.pageOffset + lowmemBytes;

  // 4. Highmem, the guard before vmalloc space, and the zones are still missing.
  return {
    maxmemBytes,
    lowmemBytes,
    highMemory,
    highmemBytes: 0,
    vmallocStart: highMemory,
    vmallocEnd,
    pkmapBase,
    pkmapEnd,
    zones: [],
  };
}
