import { PhysicalMemory } from "../memory/physical-memory";
import { layoutI386 } from "../linux/layout-i386";
import { createRng, type Rng } from "../rng";
import { _PAGE_TABLE, CR0_PE, CR0_PG, CR0_WP, CR4_PSE } from "../x86/constants";
import type { Cpu32 } from "../x86/types";
import { FrameAllocator } from "./frame-allocator";
import { fillUserPages } from "./planned-region";
import { buildI386KernelHalf, type KernelRegion } from "./i386-kernel";
import { PageTableBuilder32 } from "./page-table-builder-32";

export interface I386ProcessOptions {
  /** CONFIG_PAGE_OFFSET, default 0xC0000000. */
  pageOffset?: number;
  /** RAM in MB (>= 32), default 1024: above the ~888 MB lowmem limit the rest is highmem. */
  ramMb?: number;
  /** Map lowmem with 4 MB PSE pages (CR4.PSE = 1), default true. */
  pse?: boolean;
  /**
   * How many of lowmem's 4 KB page tables to build besides the first and the last chunk's, spread evenly; the other
   * direct-map PDEs stay not present. Default: all of them, as Linux does. Only matters without PSE (whole chunks
   * are 4 MB pages otherwise): a much smaller machine that still has every kind of entry, for checks that need
   * each kind rather than each entry.
   */
  lowmemTables?: number;
}

export type I386Region = KernelRegion;

export interface I386Process {
  mem: PhysicalMemory;
  cr3: number;
  cpu: Cpu32;
  regions: I386Region[];
}

// Leaf PTE values Linux uses on non-PAE i386 (no NX bit exists there).
const PTE_USER_RO = 0x025; // PAGE_READONLY | A: text, read-only data, not-yet-written private pages
const PTE_USER_RW = 0x067; // PAGE_SHARED | A | D: written data, heap, stack
const PAGE = 4096;
/** swapper_pg_dir: the kernel's own page directory, just below the kernel page tables. */
const SWAPPER_PG_DIR_PFN = 0x7ff;
/** User frames (tables and pages) come from above the first 16 MB, which holds the kernel image and tables. */
const USER_FRAMES_FROM = 0x1000;

/**
 * A realistic 32-bit non-PAE Linux process, rebuilt byte for byte from `seed`: program text at 0x08048000, data,
 * heap, shared libraries (legacy base 0x40000000 or top-down below the stack), stack below PAGE_OFFSET, with holes and
 * swapped-out entries; the kernel half is swapper_pg_dir's and identical for every seed with the same options.
 */
export function buildI386Process(seed: string, options: I386ProcessOptions = {}): I386Process {
  const pageOffset = options.pageOffset ?? 0xc0000000;
  const ramMb = options.ramMb ?? 1024;
  const pse = options.pse ?? true;
  if (!Number.isInteger(ramMb) || ramMb < 32 || ramMb > 4096) throw new RangeError("ramMb must be an integer in [32, 4096]");
  const layout = layoutI386({ pageOffset, ramBytes: ramMb * 1024 * 1024 });
  const mem = new PhysicalMemory();
  const frames = new FrameAllocator();

  frames.claim(SWAPPER_PG_DIR_PFN);
  const kernelRegions = buildI386KernelHalf(mem, SWAPPER_PG_DIR_PFN * PAGE, layout, pse, frames, options.lowmemTables);

  const rng = createRng(`i386-process:${seed}`);
  const lowmemPfns = layout.lowmemBytes / PAGE;
  const ramPfns = ramMb * 256;
  const pdPfn = frames.random(rng, USER_FRAMES_FROM, lowmemPfns);
  const pdBase = pdPfn * PAGE;
  // The kernel half of every PGD is a copy of swapper_pg_dir's (pgd_ctor / clone_pgd_range).
  const kernelFirst = pageOffset >>> 22;
  mem.write32(pdBase + kernelFirst * 4, mem.read32(SWAPPER_PG_DIR_PFN * PAGE + kernelFirst * 4)); // creates the PD's frame
  const swapper = mem.words(SWAPPER_PG_DIR_PFN);
  mem.words(pdPfn)?.set(swapper?.subarray(kernelFirst) ?? new Uint32Array(1024 - kernelFirst), kernelFirst);

  const tables = new PageTableBuilder32(mem, pdBase, () => frames.random(rng, USER_FRAMES_FROM, lowmemPfns));
  const userRegions = planUserRegions(rng.fork("layout"), pageOffset);
  const pages = rng.fork("pages");
  for (const region of userRegions) {
    fillUserPages(
      { startVa: region.start, endVa: region.end, presentRatio: region.presentRatio, touchedFrom: region.touchedFrom },
      pages,
      (va, touched) => {
        const pfn = frames.random(pages, USER_FRAMES_FROM, ramPfns);
        // A private writable page stays read-only in its PTE until its first write (COW); touched stack is written.
        const flags = region.writable && (touched || pages.chance(0.8)) ? PTE_USER_RW : PTE_USER_RO;
        tables.setPte(va, (pfn * PAGE + flags) >>> 0, _PAGE_TABLE);
      },
      // A swapped-out page: P = 0 with a swap entry in the other bits, which the MMU must ignore.
      (va) => tables.setPte(va, ((pages.nextU32() & 0xfffffff0) | 0x40) >>> 0, _PAGE_TABLE),
    );
  }

  return {
    mem,
    cr3: pdBase,
    cpu: { cr0: (CR0_PG | CR0_WP | CR0_PE) >>> 0, cr3: pdBase, cr4: pse ? CR4_PSE : 0, ac: false, user: true },
    regions: [...userRegions.map(({ name, start, end, user, writable }) => ({ name, start, end, user, writable })), ...kernelRegions],
  };
}

interface PlannedRegion extends I386Region {
  /** Share of pages that are present; about 5% more are swapped out, the rest never touched. */
  presentRatio: number;
  /** Pages at or above this address are all present (a stack's touched top). */
  touchedFrom?: number;
}

function planUserRegions(rng: Rng, pageOffset: number): PlannedRegion[] {
  const regions: PlannedRegion[] = [];
  const add = (name: string, start: number, pages: number, writable: boolean, presentRatio: number) => {
    regions.push({ name, start, end: start + pages * PAGE, user: true, writable, presentRatio });
    return start + pages * PAGE;
  };
  const textEnd = add("text", 0x08048000, rng.int(4, 40), false, 0.9);
  const dataEnd = add("data", textEnd + PAGE, rng.int(1, 8), true, 0.9);
  add("heap", dataEnd + rng.int(0, 255) * PAGE, rng.int(4, 64), true, 0.6);

  const stackTop = pageOffset - rng.int(0, 31) * PAGE;
  const stackPages = rng.int(8, 33);
  const stackStart = stackTop - stackPages * PAGE;
  // Libraries: the legacy base 0x40000000 (when it fits under the stack) or top-down from below the stack gap.
  const libs: [string, number, number][] = [
    ["ld-linux.so.2", rng.int(24, 40), rng.int(1, 2)],
    ["libc.so.6", rng.int(200, 400), rng.int(2, 4)],
    ["libm.so.6", rng.int(40, 80), rng.int(1, 2)],
  ];
  const libBytes = libs.reduce((sum, [, text, data]) => sum + (text + data + 1) * PAGE, 0) + PAGE;
  const legacy = stackStart - 0x01000000 > 0x40000000 + libBytes && rng.chance(0.3);
  // Top-down: mmap_base = TASK_SIZE - 128 MB stack gap - up to 1 MB of randomisation (mm/util.c, 8 bits of pages).
  let cursor = legacy ? 0x40000000 : pageOffset - 0x08000000 - rng.int(0, 255) * PAGE - libBytes;
  cursor = add("[vdso]", cursor, 1, false, 1) + PAGE;
  for (const [name, textPages, dataPages] of libs) {
    const textEnd2 = add(`${name} text`, cursor, textPages, false, 0.5);
    cursor = add(`${name} data`, textEnd2, dataPages, true, 0.9) + PAGE;
  }
  // The stack grows down from its top: only the pages touched so far (the top few) are present.
  add("[stack]", stackStart, stackPages, true, 0);
  const stack = regions[regions.length - 1];
  if (stack) stack.touchedFrom = stackTop - rng.int(2, 6) * PAGE;
  return regions;
}
