import { PhysicalMemory } from "../memory/physical-memory";
import { layoutI386, type I386Layout } from "../linux/layout-i386";
import { createRng, type Rng } from "../rng";
import { _KERNPG_TABLE, _PAGE_TABLE, CR0_PE, CR0_PG, CR0_WP, CR4_PAE, CR4_PGE, EFER_NXE, PTE_P } from "../x86/constants";
import type { CpuState } from "../x86/cpu-state";
import { FrameAllocator } from "./frame-allocator";
import { NX_HI, PageTableBuilder64, type EntryFlags } from "./page-table-builder-64";
import { fillUserPages, regionPlan, type PlannedRegion } from "./planned-region";
import type { X8664Region } from "./x86-64-kernel";

export interface PaeProcessOptions {
  /** RAM in MB, even, in [64, 16384]; default 6144: above 4 GB the frames need PA bits 32 and up. */
  ramMb?: number;
}

/** A region of a PAE process (addresses below 2^32, as bigints like every 64-bit scenario's). */
export type PaeRegion = X8664Region;

export interface PaeProcess {
  mem: PhysicalMemory;
  /** Physical address of the 32-byte PDPT (CR3 bits 31:5), inside a lowmem frame. */
  cr3: number;
  /** PAE paging with WP, PGE and EFER.NXE; `user` is true. */
  cpu: CpuState;
  regions: PaeRegion[];
}

const PAGE = 4096;
const MB2 = 2 * 1024 * 1024;
/** swapper_pg_dir's PDPT, then the kernel's tables in consecutive frames, just after the image at 16 MB. */
const SWAPPER_PDPT_PFN = 0x1800;
const KERNEL_TABLES_PFN = 0x1801;
/** CONFIG_PHYSICAL_START: the kernel image at 16 MB; its first 10 MB are text (executable), the rest NX. */
const KERNEL_PHYS = 0x1000000;
const KERNEL_TEXT_BYTES = 10 * 1024 * 1024;
const USER_FRAMES_FROM = 0x4000;
const PDPTE_PRESENT: EntryFlags = { lo: PTE_P, hi: 0 }; // PGD_IDENT_ATTR: a PAE PDPTE has only P (facts §1.3)

const PAGE_KERNEL: EntryFlags = { lo: 0x163, hi: NX_HI };
const PAGE_KERNEL_LARGE: EntryFlags = { lo: 0x1e3, hi: NX_HI };
const PAGE_KERNEL_LARGE_EXEC: EntryFlags = { lo: 0x1e3, hi: 0 };
const USER_RX: EntryFlags = { lo: 0x025, hi: 0 };
const USER_RO: EntryFlags = { lo: 0x025, hi: NX_HI };
const USER_RW: EntryFlags = { lo: 0x067, hi: NX_HI };

/**
 * A 3G/1G PAE i386 Linux process from `seed`: a PDPT of four entries (three preallocated user PMDs, the shared
 * kernel PMD in entry 3), lowmem in 2 MB pages (text executable, the rest NX), 4 KB pages for the first 2 MB, the
 * partial last chunk, vmalloc, pkmap and fixmap; the program at 0x08048000, libraries, vDSO and stack with NX data.
 */
export function buildPaeProcess(seed: string, options: PaeProcessOptions = {}): PaeProcess {
  const ramMb = options.ramMb ?? 6144;
  if (!Number.isInteger(ramMb) || ramMb < 64 || ramMb > 16384 || ramMb % 2 !== 0) throw new RangeError("ramMb must be an even integer in [64, 16384]");
  const layout = layoutI386({ ramBytes: ramMb * 1024 * 1024, pae: true });
  const mem = new PhysicalMemory();
  const frames = new FrameAllocator();
  frames.claim(SWAPPER_PDPT_PFN);
  const kernelRegions = buildKernelPmd(mem, layout, frames);

  const rng = createRng(`pae-process:${seed}`);
  const lowmemPfns = layout.lowmemBytes / PAGE;
  const ramPfns = ramMb * 256;
  // The PDPT is a 32-byte slab object in lowmem (pgd_cache); the three user PMDs are preallocated (pgd_alloc).
  const pdptPfn = frames.random(rng, USER_FRAMES_FROM, lowmemPfns);
  const cr3 = pdptPfn * PAGE + rng.int(0, 127) * 32;
  for (let i = 0; i < 3; i++) writeEntry(mem, cr3 + i * 8, frames.random(rng, USER_FRAMES_FROM, lowmemPfns) * PAGE, PDPTE_PRESENT);
  mem.write32(cr3 + 24, mem.read32(SWAPPER_PDPT_PFN * PAGE + 24));
  mem.write32(cr3 + 28, mem.read32(SWAPPER_PDPT_PFN * PAGE + 28));

  // Page tables may live in highmem (CONFIG_HIGHPTE), like the pages themselves.
  const tables = new PageTableBuilder64(mem, cr3, 2, () => frames.random(rng, USER_FRAMES_FROM, ramPfns), (level) => (level === 2 ? PDPTE_PRESENT : { lo: _PAGE_TABLE, hi: 0 }));
  const userRegions = planUserRegions(rng.fork("layout"));
  const pages = rng.fork("pages");
  for (const region of userRegions) {
    fillUserPages(region, pages,
      (va, touched) => {
        const flags = region.writable && !(touched || pages.chance(0.8)) ? USER_RO : region.flags;
        tables.map(va, 0, frames.random(pages, USER_FRAMES_FROM, ramPfns) * PAGE, flags);
      },
      (va) => tables.setRaw(va, 0, (pages.nextU32() & 0xfffffffe) >>> 0, pages.nextU32()), // a swap entry: P = 0
    );
  }

  const cpu: CpuState = { cr0: (CR0_PG | CR0_WP | CR0_PE) >>> 0, cr3, cr4: CR4_PAE | CR4_PGE, efer: EFER_NXE, ac: false, user: true };
  const regions = userRegions.map(({ name, startVa, endVa, writable, flags }) => ({ name, start: BigInt(startVa), end: BigInt(endVa), user: true, writable, nx: flags.hi !== 0 }));
  return { mem, cr3, cpu, regions: [...regions, ...kernelRegions] };
}

/** swapper_pg_dir's kernel PMD (PDPTE 3), without randomness: the same for every process with the same RAM. */
function buildKernelPmd(mem: PhysicalMemory, layout: I386Layout, frames: FrameAllocator): PaeRegion[] {
  const tables = new PageTableBuilder64(mem, SWAPPER_PDPT_PFN * PAGE, 2, () => frames.next(KERNEL_TABLES_PFN), (level) => (level === 2 ? PDPTE_PRESENT : { lo: _KERNPG_TABLE, hi: 0 }));
  const { pageOffset, lowmemBytes } = layout;
  for (let pa = 0; pa < lowmemBytes; ) {
    // 2 MB pages for whole chunks except the first (split for the low 1 MB); text executable, the rest NX.
    if (pa >= MB2 && pa % MB2 === 0 && pa + MB2 <= lowmemBytes) {
      const isText = pa >= KERNEL_PHYS && pa < KERNEL_PHYS + KERNEL_TEXT_BYTES;
      tables.map(pageOffset + pa, 1, pa, isText ? PAGE_KERNEL_LARGE_EXEC : PAGE_KERNEL_LARGE);
      pa += MB2;
    } else {
      tables.map(pageOffset + pa, 0, pa, PAGE_KERNEL);
      pa += PAGE;
    }
  }
  const lowmemPfns = lowmemBytes / PAGE;
  let scatter = 0;
  const backing = () => frames.next(Math.floor(lowmemPfns / 2) + 37 * scatter++) * PAGE;
  for (let i = 0; i < 24; i++) tables.map(layout.vmallocStart + i * PAGE, 0, backing(), PAGE_KERNEL);
  for (let i = 0; i < 2; i++) tables.map(layout.pkmapBase + i * PAGE, 0, backing(), PAGE_KERNEL);
  for (let slot = 1; slot <= 6; slot++) tables.map(layout.fixaddrTop - slot * PAGE, 0, backing(), PAGE_KERNEL);
  const region = (name: string, start: number, end: number, nx: boolean): PaeRegion => ({ name, start: BigInt(start), end: BigInt(end), user: false, writable: true, nx });
  return [
    region("lowmem", pageOffset, layout.highMemory, true),
    region("vmalloc", layout.vmallocStart, layout.vmallocEnd, true),
    region("pkmap", layout.pkmapBase, layout.pkmapEnd, true),
    region("fixmap", layout.fixaddrStart, layout.fixaddrTop + PAGE, true),
  ];
}

function writeEntry(mem: PhysicalMemory, address: number, pa: number, flags: EntryFlags): void {
  mem.write32(address, ((pa % 2 ** 32) | flags.lo) >>> 0);
  mem.write32(address + 4, (Math.floor(pa / 2 ** 32) | flags.hi) >>> 0);
}

// The classic 3G/1G user layout (as buildI386Process's), with NX on everything but text.
function planUserRegions(rng: Rng): PlannedRegion[] {
  const { regions, add } = regionPlan();
  const textEnd = add("text", 0x08048000, rng.int(4, 40), USER_RX, 0.9);
  const dataEnd = add("data", textEnd + PAGE, rng.int(1, 8), USER_RW, 0.9);
  add("[heap]", dataEnd + rng.int(0, 255) * PAGE, rng.int(4, 64), USER_RW, 0.6);
  const stackTop = 0xc0000000 - rng.int(0, 31) * PAGE;
  const stackPages = rng.int(8, 33);
  // Top-down mmap_base: TASK_SIZE - 128 MB stack gap - up to 1 MB of randomisation.
  let cursor = 0xc0000000 - 0x08000000 - rng.int(0, 255) * PAGE;
  const libs: [string, number, number][] = [
    ["libc.so.6", rng.int(200, 400), rng.int(2, 4)],
    ["libm.so.6", rng.int(40, 80), rng.int(1, 2)],
    ["ld-linux.so.2", rng.int(24, 40), rng.int(1, 2)],
  ];
  for (const [name, text, data] of libs) {
    cursor -= (text + data + 1) * PAGE;
    add(`${name} data`, add(`${name} text`, cursor, text, USER_RX, 0.5), data, USER_RW, 0.9);
  }
  cursor -= 2 * PAGE;
  add("[vdso]", cursor, 1, USER_RX, 1);
  add("[stack]", stackTop - stackPages * PAGE, stackPages, USER_RW, 0);
  const stack = regions[regions.length - 1];
  if (stack) stack.touchedFrom = stackTop - rng.int(2, 6) * PAGE;
  return regions.sort((a, b) => a.startVa - b.startVa);
}
