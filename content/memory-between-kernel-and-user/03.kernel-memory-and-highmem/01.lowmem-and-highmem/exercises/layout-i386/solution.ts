// The reference layout calculator, written with nothing but what a learner has: the configuration and the formulas
// of the lesson (include/asm-x86/pgtable_32.h and page_32.h up to Linux 2.6.27, arch/x86/include/asm/pgtable_32.h
// from 2.6.28, arch/x86/mm/pgtable_32.c). Everything is a plain number: addresses stay below 2^32 and PAE RAM below
// 2^37, well inside 2^53, and no bitwise operator is used on them.

export interface Config {
  pageOffset: number;
  ramBytes: number;
  vmallocBytes: number | null;
  pae: boolean;
  era: "2.6" | "3.x";
  fixaddrStart: number;
}

export interface Zone {
  name: "DMA" | "Normal" | "HighMem";
  startPhys: number;
  endPhys: number;
}

export interface Layout {
  maxmemBytes: number;
  lowmemBytes: number;
  highMemory: number;
  highmemBytes: number;
  vmallocStart: number;
  vmallocEnd: number;
  pkmapBase: number;
  pkmapEnd: number;
  zones: Zone[];
}

const PAGE_SIZE = 4096;
const MB = 1024 * 1024;
const VMALLOC_OFFSET = 8 * MB;
const VMALLOC_RESERVE_DEFAULT = 128 * MB;
const MAX_DMA_BYTES = 16 * MB;
const FOUR_GB = 4 * 1024 * MB;

/** Rounds down to a multiple of `unit` (a power of two), without the 32-bit signed trap of `&`. */
function alignDown(value: number, unit: number): number {
  return Math.floor(value / unit) * unit;
}

/** Where an i386 kernel with `config` puts lowmem, vmalloc and the kmap window, and how it zones RAM. */
export function computeLayout(config: Config): Layout {
  // The kmap window hangs below the fixmap: LAST_PKMAP + 1 pages down, then down to a page-table boundary
  // (one PMD: 4 MB without PAE, 2 MB with), so that one page table covers the whole window.
  const lastPkmap = config.pae ? 512 : 1024;
  const pmdSize = config.pae ? 2 * MB : 4 * MB;
  const pkmapBase = alignDown(config.fixaddrStart - PAGE_SIZE * (lastPkmap + 1), pmdSize);
  const pkmapEnd = pkmapBase + lastPkmap * PAGE_SIZE;
  // Two pages of guard between vmalloc space and the kmap window.
  const vmallocEnd = pkmapBase - 2 * PAGE_SIZE;

  // The reserve for vmalloc space: 128 MB, or vmalloc= (2.6.27 and older), or vmalloc= plus the 8 MB guard that
  // parse_vmalloc adds from 2.6.28 on.
  const guard = config.era === "2.6" ? 0 : VMALLOC_OFFSET;
  const reserve = config.vmallocBytes === null ? VMALLOC_RESERVE_DEFAULT : config.vmallocBytes + guard;
  // MAXMEM: old kernels gave lowmem everything of the kernel's window but the reserve; newer ones stop the reserve
  // below VMALLOC_END, so the kmap window and the fixmap come out of lowmem as well.
  const maxmemBytes =
    config.era === "2.6" ? FOUR_GB - config.pageOffset - reserve : vmallocEnd - config.pageOffset - reserve;

  // A non-PAE kernel's PTEs hold 20-bit frame numbers: it can use at most 4 GB. PAE reaches 64 GB (36 bits).
  const usable = Math.min(config.ramBytes, config.pae ? 16 * FOUR_GB : FOUR_GB);
  const lowmemBytes = alignDown(Math.min(usable, maxmemBytes), PAGE_SIZE);
  const highmemBytes = alignDown(usable, PAGE_SIZE) - lowmemBytes;
  const highMemory = config.pageOffset + lowmemBytes;

  const zones: Zone[] = [{ name: "DMA", startPhys: 0, endPhys: Math.min(MAX_DMA_BYTES, lowmemBytes) }];
  if (lowmemBytes > MAX_DMA_BYTES) zones.push({ name: "Normal", startPhys: MAX_DMA_BYTES, endPhys: lowmemBytes });
  if (highmemBytes > 0) zones.push({ name: "HighMem", startPhys: lowmemBytes, endPhys: lowmemBytes + highmemBytes });

  // An 8 MB hole after the direct map catches accesses that run off its end. Up to 2.6.27 VMALLOC_START is then
  // rounded up to an 8 MB boundary: (high_memory + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1).
  const vmallocStart =
    config.era === "2.6" ? alignDown(highMemory + 2 * VMALLOC_OFFSET - 1, VMALLOC_OFFSET) : highMemory + VMALLOC_OFFSET;

  return {
    maxmemBytes,
    lowmemBytes,
    highMemory,
    highmemBytes,
    vmallocStart,
    vmallocEnd,
    pkmapBase,
    pkmapEnd,
    zones,
  };
}
