import type { PhysicalMemory } from "../memory/physical-memory";
import type { I386Layout } from "../linux/layout-i386";
import { _KERNPG_TABLE } from "../x86/constants";
import type { FrameAllocator } from "./frame-allocator";
import { PageTableBuilder32 } from "./page-table-builder-32";

/** __PAGE_KERNEL on non-PAE i386 with PGE: P|RW|A|D|G (no NX bit exists in this mode). */
const PAGE_KERNEL = 0x163;
/** __PAGE_KERNEL_LARGE(_EXEC): P|RW|A|D|PS|G. */
const PAGE_KERNEL_LARGE = 0x1e3;
/** Kernel page tables come from consecutive frames after an 8 MB kernel image, like the early brk allocator. */
const KERNEL_TABLES_PFN = 0x800;
const MB4 = 4 << 20;

export interface KernelRegion {
  name: string;
  start: number;
  end: number;
  user: boolean;
  writable: boolean;
}

/**
 * Builds swapper_pg_dir's kernel half into the page directory at `pdBase` (a scratch PD the caller copies from):
 * lowmem direct map (4 MB PSE pages when `pse`, 4 KB tables for the first chunk and the partial last one),
 * a few vmalloc pages, the pkmap table and fixmap slots. Uses no randomness, so every process gets the same PDEs.
 * `lowmemTables` (default: all) caps how many 4 KB lowmem tables other than the first and the last chunk's are
 * built, spread evenly over lowmem; the PDEs of the chunks left out stay not present.
 */
export function buildI386KernelHalf(
  mem: PhysicalMemory,
  pdBase: number,
  layout: I386Layout,
  pse: boolean,
  frames: FrameAllocator,
  lowmemTables = Number.POSITIVE_INFINITY,
): KernelRegion[] {
  const tables = new PageTableBuilder32(mem, pdBase, () => frames.next(KERNEL_TABLES_PFN));
  const mapKernelPage = (va: number, pa: number) => tables.setPte(va, (pa + PAGE_KERNEL) >>> 0, _KERNPG_TABLE);

  // Lowmem: PAGE_OFFSET + pa for every pa below the lowmem limit.
  const chunks = Math.ceil(layout.lowmemBytes / MB4);
  const middle = Math.max(0, chunks - 2);
  const kept = Math.min(middle, Math.max(0, Math.floor(lowmemTables)));
  for (let chunk = 0; chunk < chunks; chunk++) {
    const pa = chunk * MB4;
    const va = layout.pageOffset + pa;
    const wholeChunk = pa + MB4 <= layout.lowmemBytes;
    if (pse && pa !== 0 && wholeChunk) {
      tables.setPde(va >>> 22, (pa + PAGE_KERNEL_LARGE) >>> 0);
      continue;
    }
    // A middle chunk i of `middle` is built when it is the first of its share of `kept` (exactly `kept` are).
    const i = chunk - 1;
    if (i >= 0 && i < middle && Math.floor(((i + 1) * kept) / middle) === Math.floor((i * kept) / middle)) continue;
    const end = Math.min(pa + MB4, layout.lowmemBytes);
    tables.setPteRun(va, Math.ceil((end - pa) / 4096), (pa + PAGE_KERNEL) >>> 0, _KERNPG_TABLE);
  }

  // vmalloc: a few module pages at VMALLOC_START, backed by scattered lowmem frames chosen without randomness.
  const lowmemPfns = layout.lowmemBytes / 4096;
  for (let i = 0; i < 24; i++) {
    const pfn = frames.next(Math.floor(lowmemPfns / 2) + i * 37);
    mapKernelPage(layout.vmallocStart + i * 4096, pfn * 4096);
  }
  // pkmap: its page table exists from boot (permanent_kmaps_init); two slots are in use.
  for (let i = 0; i < 2; i++) mapKernelPage(layout.pkmapBase + i * 4096, frames.next(Math.floor(lowmemPfns / 3)) * 4096);
  // fixmap: slot 0 (FIXADDR_TOP) is a hole; a handful of slots below it are mapped.
  for (let slot = 1; slot <= 6; slot++) mapKernelPage(layout.fixaddrTop - slot * 4096, frames.next(0x700) * 4096);

  return [
    { name: "lowmem", start: layout.pageOffset, end: layout.highMemory, user: false, writable: true },
    { name: "vmalloc", start: layout.vmallocStart, end: layout.vmallocEnd, user: false, writable: true },
    { name: "pkmap", start: layout.pkmapBase, end: layout.pkmapEnd, user: false, writable: true },
    { name: "fixmap", start: layout.fixaddrStart, end: layout.fixaddrTop + 4096, user: false, writable: true },
  ];
}
