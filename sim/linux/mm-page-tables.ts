import type { PhysicalMemory } from "../memory/physical-memory";
import { PAGING_FORMAT_BY_ID, type KnownPagingFormat, type PagingFormat } from "../paging-formats";
import { FrameAllocator } from "../scenarios/frame-allocator";
import { buildI386KernelHalf, type KernelRegion } from "../scenarios/i386-kernel";
import { _PAGE_TABLE, CR4_PGE, EFER_SCE, PAGE_SIZE, PTE_A, PTE_D, PTE_P, PTE_RW, PTE_US } from "../x86/constants";
import type { CpuState } from "../x86/cpu-state";
import { layoutI386, type I386Layout } from "./layout-i386";
import type { Mm, Pte, Vma } from "./mm";
import type { Page } from "./pages";
import { TASK_SIZE_MAX } from "./page-fault";
import { VM_EXEC } from "./vm-flags";

// The Mm keeps an abstract page table (vpn -> Pte); the CPU walks x86 entries. This lays one onto the other, with the
// bits Linux writes (facts §1.3): user leaves get _PAGE_USER, _PAGE_RW only when the Mm's PTE is writable, NX on
// x86-64 for a VMA without VM_EXEC, the pgprot's other low bits (A, PCD/PWT of pgprot_noncached); PROT_NONE PTEs keep
// their frame with P = 0 and _PAGE_PROTNONE (0x100). Intermediate user entries are _PAGE_TABLE.

/** The ids of the paging formats buildMmPageTables lays out (the rows whose `mmPageTables` is true). */
export type MmPagingFormatId = Extract<KnownPagingFormat, { mmPageTables: true }>["id"];

export interface MmPageTablesOptions {
  /**
   * The paging format, by id or as the row: "i386" (2-level, 4 KB pages only), "i386-pse" (lowmem in 4 MB pages) or
   * "4-level"; another row is refused with an error result.
   */
  format: MmPagingFormatId | PagingFormat;
  /** 32-bit formats only: the layout whose kernel half (lowmem, vmalloc, pkmap, fixmap) fills PGD entries from PAGE_OFFSET up. */
  layout?: I386Layout;
  /** 32-bit formats only: build the kernel half at all. Default true. */
  kernelHalf?: boolean;
}

export interface MmPageTables {
  /** The format the tables are in. */
  format: PagingFormat;
  /** Registers to walk with (CPL 3): translate(tables.cpu, mm.pages.mem, va, access). */
  cpu: CpuState;
  /** The user page-table pages (the PGD first), allocated from the Mm's page allocator; see releaseMmPageTables. */
  tablePages: Page[];
  /** 32-bit formats: what the kernel half maps (empty without it, and on x86-64). */
  kernelRegions: KernelRegion[];
}

export type MmPageTablesResult = { ok: true; tables: MmPageTables } | { ok: false; error: string };

const NX_HI = 0x80000000;
/** _PAGE_PROTNONE: the G bit's position, meaningful to Linux only while P = 0 (facts §1.3). */
const PAGE_PROTNONE = 0x100;

/**
 * Writes the Mm's user mappings as real page tables into `mm.pages.mem`: 2-level non-PAE i386 tables (with the kernel
 * half of `layout` from i386-kernel.ts unless `kernelHalf` is false; lowmem in 4 MB pages with PSE) or 4-level x86-64
 * tables (user half only), so that every walk of a user page gives exactly what the Mm's PTE says. A snapshot: later
 * Mm changes need a rebuild. Fails (no tables written) for a format it does not lay out, when a VMA lies outside the
 * arch's user range or a frame cannot be addressed.
 */
export function buildMmPageTables(mm: Mm, options: MmPageTablesOptions): MmPageTablesResult {
  const format: PagingFormat = typeof options.format === "string" ? PAGING_FORMAT_BY_ID[options.format] : options.format;
  if (!format.mmPageTables) return { ok: false, error: `buildMmPageTables does not lay out ${format.name}` };
  const is32 = format.entryBytes === 4;
  const userEnd = is32 ? (options.layout ?? defaultLayout()).pageOffset : TASK_SIZE_MAX;
  const problem = findProblem(mm, format, userEnd);
  if (problem !== null) return { ok: false, error: problem };
  const mem = mm.pages.mem;
  const tablePages: Page[] = [];
  const newTable = (): number => {
    const page = mm.pages.alloc("kernel"); // zeroed: every entry starts as pte_none
    tablePages.push(page);
    return page.pfn * PAGE_SIZE;
  };
  const pgd = newTable();
  let kernelRegions: KernelRegion[] = [];
  if (is32 && options.kernelHalf !== false) {
    kernelRegions = buildKernelHalf(mm, pgd, options.layout ?? defaultLayout(), format.pageSizes.some((size) => size === 4194304));
  }
  const depth = format.levels.length - 1;
  for (const [vpn, pte] of [...mm.ptes].sort((a, b) => a[0] - b[0])) {
    const vma = mm.findVma(vpn * PAGE_SIZE);
    if (vma === null) continue; // findProblem ruled this out
    if (is32) setLeaf32(mem, pgd, vpn, leafLo(pte, vma), newTable);
    else setLeaf64(mem, pgd, depth, vpn, leafLo(pte, vma), leafHi(pte, vma, format.nx), newTable);
  }
  return { ok: true, tables: { format, cpu: registers(format, pgd), tablePages, kernelRegions } };
}

/** Gives the page-table pages back to the Mm's allocator (after which the tables' frames may be reused). */
export function releaseMmPageTables(mm: Mm, tables: MmPageTables): void {
  for (const page of tables.tablePages) mm.pages.put(page);
  tables.tablePages.length = 0;
}

function defaultLayout(): I386Layout {
  return layoutI386({ ramBytes: 1024 * 1024 * 1024 });
}

// Why the Mm cannot be laid out in `format`, or null.
function findProblem(mm: Mm, format: PagingFormat, userEnd: number): string | null {
  const arch = format.linuxArch ?? format.name;
  for (const vma of mm.vmas) {
    if (vma.vm_end > userEnd) return `VMA [0x${vma.vm_start.toString(16)}, 0x${vma.vm_end.toString(16)}) passes the ${arch} user limit 0x${userEnd.toString(16)}`;
  }
  // Non-PAE 4 KB PTEs hold PA bits 31:12 only; 4-level ones bits 51:12 (facts §1.3).
  const maxPfn = format.entryBytes === 4 ? 2 ** 20 : 2 ** 40;
  for (const [vpn, pte] of mm.ptes) {
    if (mm.findVma(vpn * PAGE_SIZE) === null) return `PTE at 0x${(vpn * PAGE_SIZE).toString(16)} lies outside every VMA`;
    if (!Number.isSafeInteger(pte.pfn) || pte.pfn < 0 || pte.pfn >= maxPfn) return `frame 0x${pte.pfn.toString(16)} cannot be mapped by an ${arch} PTE`;
  }
  return null;
}

// The leaf's low 32 bits: frame bits 31:12 and the flags. A present PTE is mk_pte(page, vm_page_prot) made writable
// (and dirty: do_anonymous_page and the COW paths install writable PTEs with pte_mkdirty; the Mm keeps no D bit) or
// write-protected as the Mm says; a PROT_NONE one is pte_modify(pte, PAGE_NONE): the frame with PROTNONE | A, P = 0.
function leafLo(pte: Pte, vma: Vma): number {
  const frame = (pte.pfn % 2 ** 20) * PAGE_SIZE;
  if (!pte.present) return (frame + (PAGE_PROTNONE | PTE_A)) >>> 0;
  const prot = Number(vma.vm_page_prot & 0xfffn) & ~(PTE_RW | PTE_D | PAGE_PROTNONE);
  return (frame + (prot | PTE_P | PTE_US | PTE_A | (pte.writable ? PTE_RW | PTE_D : 0))) >>> 0;
}

// The leaf's high 32 bits (x86-64): frame bits 51:32, and NX unless the VMA may execute (protection_map, facts §1.3).
function leafHi(pte: Pte, vma: Vma, nx: boolean): number {
  const frameHi = Math.floor(pte.pfn / 2 ** 20);
  return (frameHi + (nx && pte.present && (vma.vm_flags & VM_EXEC) === 0 ? NX_HI : 0)) >>> 0;
}

// PDE vpn >> 10 (a page table made on first use), then PTE vpn & 1023 (facts §1.2).
function setLeaf32(mem: PhysicalMemory, pgd: number, vpn: number, lo: number, newTable: () => number): void {
  const pdeAt = pgd + Math.floor(vpn / 1024) * 4;
  let pde = mem.read32(pdeAt);
  if ((pde & PTE_P) === 0) {
    pde = (newTable() + _PAGE_TABLE) >>> 0;
    mem.write32(pdeAt, pde);
  }
  mem.write32(((pde & 0xfffff000) >>> 0) + (vpn % 1024) * 4, lo);
}

// PGD, PUD, PMD (tables made on first use), then the PTE: 9 index bits per level above the page (facts §1.2);
// `depth` is the top level's number, the PTE's being 0.
function setLeaf64(mem: PhysicalMemory, pgd: number, depth: number, vpn: number, lo: number, hi: number, newTable: () => number): void {
  let table = pgd;
  for (let level = depth; level >= 1; level--) {
    const at = table + (Math.floor(vpn / 512 ** level) % 512) * 8;
    const entryLo = mem.read32(at);
    if ((entryLo & PTE_P) !== 0) {
      table = mem.read32(at + 4) * 2 ** 32 + ((entryLo & 0xfffff000) >>> 0);
      continue;
    }
    const child = newTable();
    mem.write32(at, ((child % 2 ** 32) + _PAGE_TABLE) >>> 0);
    mem.write32(at + 4, Math.floor(child / 2 ** 32));
    table = child;
  }
  const at = table + (vpn % 512) * 8;
  mem.write32(at, lo);
  mem.write32(at + 4, hi);
}

// swapper_pg_dir's kernel half, written straight into this PGD (pgd_ctor copies it there). Its tables come from frames
// 0x800 up (below the page allocator's first frame by default). Frames in use (resident, mapped, the zero page) are
// claimed first so that the kernel half never writes over them.
function buildKernelHalf(mm: Mm, pgd: number, layout: I386Layout, pse: boolean): KernelRegion[] {
  const used = new Set([...mm.pages.mem.frameNumbers(), mm.pages.zeroPage.pfn, ...[...mm.ptes.values()].map((pte) => pte.pfn)]);
  const frames = new FrameAllocator();
  for (const pfn of used) frames.claim(pfn);
  return buildI386KernelHalf(mm.pages.mem, pgd, layout, pse, frames);
}

// The format's registers as Linux runs them: with CR4.PGE, and EFER.SCE on x86-64 (syscall).
function registers(format: PagingFormat, pgd: number): CpuState {
  const { cr0, cr4, efer } = format.registers;
  return { cr0, cr3: pgd, cr4: cr4 | CR4_PGE, efer: format.linuxArch === "x86_64" ? efer | EFER_SCE : efer, ac: false, user: true };
}
