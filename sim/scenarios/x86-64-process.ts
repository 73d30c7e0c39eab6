import { PhysicalMemory } from "../memory/physical-memory";
import { createRng, type Rng } from "../rng";
import { _PAGE_TABLE, CR0_PE, CR0_PG, CR0_WP, CR4_PAE, CR4_PGE, CR4_SMAP, CR4_SMEP, EFER_LMA, EFER_LME, EFER_NXE, EFER_SCE } from "../x86/constants";
import type { CpuState } from "../x86/cpu-state";
import { FrameAllocator } from "./frame-allocator";
import { NX_HI, PageTableBuilder64, type EntryFlags } from "./page-table-builder-64";
import { fillUserPages, regionPlan, type PlannedRegion } from "./planned-region";
import { buildX8664KernelHalf, type X8664Region } from "./x86-64-kernel";

export type { X8664Region } from "./x86-64-kernel";

export interface X8664ProcessOptions {
  /** RAM in MB, even, in [512, 16384]; default 4608 (4.5 GB: 2 MB, 1 GB and 2 MB pages again in the direct map). */
  ramMb?: number;
  /** Map whole gigabytes of the direct map with 1 GB pages, default true. */
  gbPages?: boolean;
  /** Map the legacy vsyscall page (vsyscall=emulate), default true. */
  vsyscall?: boolean;
}

export interface X8664Process {
  mem: PhysicalMemory;
  /** Physical address of the PML4 (no PCID). */
  cr3: number;
  /** 4-level paging with WP, PGE, SMEP, SMAP and EFER.NXE, as a modern kernel runs; `user` is true. */
  cpu: CpuState;
  regions: X8664Region[];
}

// User leaf protections (protection_map with the A/D bits a used page has; facts §1.3).
const USER_RX: EntryFlags = { lo: 0x025, hi: 0 }; // PAGE_READONLY_EXEC: text
const USER_RO: EntryFlags = { lo: 0x025, hi: NX_HI }; // PAGE_READONLY: rodata, not-yet-written private data (COW)
const USER_RW: EntryFlags = { lo: 0x067, hi: NX_HI }; // PAGE_SHARED | A | D: written data, heap, stack
const PAGE = 4096;
/** init_top_pgt, the kernel's own PML4. */
const INIT_TOP_PGT_PFN = 0x33ff;
/** User frames (tables and pages) come from above 256 MB, away from the kernel image and its tables. */
const USER_FRAMES_FROM = 0x10000;
/** TASK_SIZE_MAX: the top user page is never mapped (facts §1.6). */
const TASK_SIZE_MAX = 0x7ffffffff000;

/**
 * A realistic x86-64 Linux process, rebuilt byte for byte from `seed`: a PIE program near 0x55..., heap, shared
 * libraries and the vDSO below mmap_base near 0x7f..., the stack near 0x7ffc..., with holes and swapped-out entries;
 * the kernel half (direct map, kernel image, module, vmalloc, fixmap, vsyscall) depends only on the options.
 */
export function buildX8664Process(seed: string, options: X8664ProcessOptions = {}): X8664Process {
  const ramMb = options.ramMb ?? 4608;
  if (!Number.isInteger(ramMb) || ramMb < 512 || ramMb > 16384 || ramMb % 2 !== 0) throw new RangeError("ramMb must be an even integer in [512, 16384]");
  const ramBytes = ramMb * 1024 * 1024;
  const mem = new PhysicalMemory();
  const frames = new FrameAllocator();

  frames.claim(INIT_TOP_PGT_PFN);
  const kernelRegions = buildX8664KernelHalf(mem, INIT_TOP_PGT_PFN * PAGE, { ramBytes, gbPages: options.gbPages ?? true, vsyscall: options.vsyscall ?? true }, frames);

  const rng = createRng(`x86-64-process:${seed}`);
  const ramPfns = ramBytes / PAGE;
  const pml4Pfn = frames.random(rng, USER_FRAMES_FROM, ramPfns);
  const pml4 = pml4Pfn * PAGE;
  // pgd_alloc copies the kernel half of init_top_pgt (entries 256..511, KERNEL_PGD_BOUNDARY).
  mem.write32(pml4 + 256 * 8, mem.read32(INIT_TOP_PGT_PFN * PAGE + 256 * 8)); // creates the PML4's frame
  mem.words(pml4Pfn)?.set(mem.words(INIT_TOP_PGT_PFN)?.subarray(512) ?? new Uint32Array(512), 512);

  const tables = new PageTableBuilder64(mem, pml4, 3, () => frames.random(rng, USER_FRAMES_FROM, ramPfns), () => ({ lo: _PAGE_TABLE, hi: 0 }));
  const userRegions = planUserRegions(rng.fork("layout"));
  const pages = rng.fork("pages");
  for (const region of userRegions) {
    fillUserPages(region, pages,
      (va, touched) => {
        const pfn = frames.random(pages, USER_FRAMES_FROM, ramPfns);
        // Private writable pages stay read-only until their first write (COW); the touched stack is written.
        const flags = region.writable && (touched || pages.chance(0.8)) ? USER_RW : region.writable ? USER_RO : region.flags;
        tables.map(va, 0, pfn * PAGE, flags);
      },
      // Swapped out: P = 0, the rest a swap entry (type and offset, inverted as L1TF mitigation does) the MMU ignores.
      (va) => tables.setRaw(va, 0, (pages.nextU32() & 0xfffffffe) >>> 0, pages.nextU32() & 0x7fffffff),
    );
  }

  const cpu: CpuState = {
    cr0: (CR0_PG | CR0_WP | CR0_PE) >>> 0,
    cr3: pml4,
    cr4: (CR4_PAE | CR4_PGE | CR4_SMEP | CR4_SMAP) >>> 0,
    efer: EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE,
    ac: false,
    user: true,
  };
  const regions = userRegions.map(({ name, startVa, endVa, writable, flags }) => ({
    name,
    start: BigInt(startVa),
    end: BigInt(endVa),
    user: true,
    writable,
    nx: flags.hi !== 0,
  }));
  return { mem, cr3: pml4, cpu, regions: [...regions, ...kernelRegions] };
}

function planUserRegions(rng: Rng): PlannedRegion[] {
  const { regions, add } = regionPlan();
  // A PIE program: ELF_ET_DYN_BASE (2/3 of TASK_SIZE, 0x555555554000) plus up to 2^28 pages of randomisation.
  const base = 0x555555554000 + rng.int(0, 2 ** 28 - 1) * PAGE;
  const textEnd = add("text", base, rng.int(4, 60), USER_RX, 0.9);
  const rodataEnd = add("rodata", textEnd, rng.int(2, 10), USER_RO, 0.8);
  const dataEnd = add("data", rodataEnd, rng.int(1, 4), USER_RW, 0.9);
  // brk starts up to 32 MB above the end of the program (arch_randomize_brk).
  add("[heap]", dataEnd + rng.int(0, 8191) * PAGE, rng.int(8, 132), USER_RW, 0.7);

  // The stack's top: up to 16 GB below TASK_SIZE_MAX (mmap_rnd), so it reads 0x7ffb... to 0x7fff...
  const stackTop = TASK_SIZE_MAX - rng.int(0x10, 0x3fffff) * PAGE;
  const stackPages = rng.int(32, 132);
  // mmap_base: 128 MB of stack gap below the stack, then up to 2^28 pages of randomisation; mappings go top-down.
  let cursor = stackTop - 0x08000000 - rng.int(0, 2 ** 28 - 1) * PAGE;
  const below = (name: string, pages: number, flags: EntryFlags, presentRatio: number) => {
    cursor -= pages * PAGE;
    add(name, cursor, pages, flags, presentRatio);
  };
  const libs: [string, number, number, number][] = [
    ["libc.so.6", rng.int(300, 460), rng.int(60, 120), rng.int(2, 6)],
    ["libm.so.6", rng.int(60, 120), rng.int(20, 60), rng.int(1, 2)],
    ["ld-linux-x86-64.so.2", rng.int(30, 44), rng.int(6, 12), rng.int(1, 3)],
  ];
  below("anon mmap", rng.int(16, 64), USER_RW, 0.5);
  cursor -= PAGE;
  for (const [name, text, rodata, data] of libs) {
    // Mapped top-down as a whole, laid out bottom-up inside: text, rodata, data.
    const size = (text + rodata + data) * PAGE;
    cursor -= size;
    const start = cursor;
    const t = add(`${name} text`, start, text, USER_RX, 0.4);
    const r = add(`${name} rodata`, t, rodata, USER_RO, 0.5);
    add(`${name} data`, r, data, USER_RW, 0.9);
    cursor -= PAGE;
  }
  below("[vdso]", 2, USER_RX, 1);
  below("[vvar]", 4, USER_RO, 1);

  add("[stack]", stackTop - stackPages * PAGE, stackPages, USER_RW, 0);
  const stack = regions[regions.length - 1];
  if (stack) stack.touchedFrom = stackTop - rng.int(2, 8) * PAGE;
  return regions.sort((a, b) => a.startVa - b.startVa);
}
