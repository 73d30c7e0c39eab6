import type { PhysicalMemory } from "./memory/physical-memory";
import { buildI386Process } from "./scenarios/i386-process";
import { buildPaeProcess } from "./scenarios/pae-process";
import { buildX8664Process } from "./scenarios/x86-64-process";
import { CR0_PE, CR0_PG, CR0_WP, CR4_LA57, CR4_PAE, CR4_PSE, EFER_LMA, EFER_LME, EFER_NXE } from "./x86/constants";
import type { CpuState, PageSize, TranslationResult, Walk64Options } from "./x86/cpu-state";
import type { Access } from "./x86/types";
import { walk32, walk32Into } from "./x86/walk32";
import { walkLong, walkLongInto } from "./x86/walk-long";
import { walkPae, walkPaeInto } from "./x86/walk-pae";
import type { WalkRecord, WalkStatus } from "./x86/walk-record";

// The paging formats, one row each: names for people, geometry, the walkers, the registers that select the format,
// and what the CLI, buildMmPageTables and the page-walk stepper do with it (decision 0100). Everything that names a
// paging mode or splits a linear address reads it from here; adding a format is one row plus its walker.

/** A register bit that takes part in choosing the paging format (SDM §4.1.1, facts §1.1). */
export type SelectingBit = "CR0.PG" | "CR4.PSE" | "CR4.PAE" | "EFER.LME" | "CR4.LA57";

/** How an entry's bits are laid out (facts §1.3): 4-byte 32-bit entries, 8-byte PAE ones, 8-byte IA-32e ones. */
export type EntryLayout = "32" | "pae" | "long";

/** The Linux architecture that runs a format: CONFIG_X86_32 ("i386") or CONFIG_X86_64 ("x86_64"). */
export type LinuxArch = "i386" | "x86_64";

/** One level of paging structures, named as the SDM and Linux name it. */
export interface PagingLevel {
  /** The entry, as walk traces name it: "PML5E", "PML4E", "PDPTE", "PDE", "PTE". */
  readonly entry: string;
  /** The table, as the SDM names it: "PML4 table", "page-directory-pointer table", "page directory", "page table". */
  readonly table: string;
  /** The SDM's short name of the table: "PML5", "PML4", "PDPT", "PD", "PT". */
  readonly short: string;
  /** Linux's name of the level (pgtable_types.h): "pgd", "p4d", "pud", "pmd" or "pte"; folded levels are absent. */
  readonly linux: string;
  /** The linear-address bits hiBit:loBit index this level's table (2^(hiBit - loBit + 1) entries). */
  readonly hiBit: number;
  readonly loBit: number;
  /** The page an entry of this level maps when it is a leaf (PS = 1 above the last level), or null: never a leaf. */
  readonly pageSize: PageSize | null;
  /** Whether the entry's U/S and R/W count for the access rights (a PAE PDPTE has neither bit, facts §1.4). */
  readonly rights: boolean;
}

/** A seeded machine that runs a format: its memory, registers (CPL 3) and named regions (bigint VAs, end exclusive). */
export interface DemoMachine {
  readonly mem: PhysicalMemory;
  readonly cpu: CpuState;
  readonly regions: readonly { readonly name: string; readonly start: bigint; readonly end: bigint }[];
}

/** The page-walk stepper's machine for a format: sim's Linux process for it. */
export interface PagingDemo {
  /** One line saying what the machine is. */
  readonly summary: string;
  /** PAGE_OFFSET, where the demo's direct map of RAM starts. */
  readonly pageOffset: bigint;
  readonly build: (seed: string) => DemoMachine;
}

/** The non-allocating walk (decision 0017): the VA as unsigned 32-bit halves (vaHi = 0 when it is 32 bits wide). */
export type FormatWalkInto = (cpu: CpuState, mem: PhysicalMemory, vaHi: number, vaLo: number, access: Access, out: WalkRecord, options?: Walk64Options) => WalkStatus;

/** The allocating walk: the translation, with a trace when `options.trace` is true. */
export type FormatWalk = (cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options?: Walk64Options) => TranslationResult;

/** One paging format: one row of PAGING_FORMATS. */
export interface PagingFormat {
  /** Stable id: what pagingFormat() returns, translate's `mode`, the stepper's `mode` attribute. */
  readonly id: string;
  /**
   * The paging mode (SDM §4.1.1) this format is a variant of, as pagingMode() returns it: the id of the row
   * without optional features (32-bit paging with PSE is mode "i386"). The walker is the mode's.
   */
  readonly mode: string;
  /** For people. */
  readonly name: string;
  /** The levels of paging structures, the one CR3 points to first. */
  readonly levels: readonly PagingLevel[];
  /** Linear-address bits the levels and the page offset translate: the top level's hiBit + 1. */
  readonly vaBits: number;
  /** How wide a linear address is (32 or 64 on x86). Bits above vaBits must copy bit vaBits - 1 (canonical), else #GP(0). */
  readonly linearBits: number;
  /** Bytes per paging-structure entry. */
  readonly entryBytes: number;
  readonly entryLayout: EntryLayout;
  /** Every page size a leaf can map, ascending (the levels' page sizes). */
  readonly pageSizes: readonly PageSize[];
  /** MAXPHYADDR the walker assumes unless told: 40 in 32-bit paging (PSE-36 4 MB pages), 52 otherwise. */
  readonly maxPhyAddr: number;
  /** The CR3 bits [hi, lo] that hold the top table's address (the PAE PDPT is 32-byte aligned: 31:5). */
  readonly cr3Bits: readonly [hi: number, lo: number];
  /** Entries have an execute-disable bit (XD, bit 63, in effect with EFER.NXE). */
  readonly nx: boolean;
  /** Leaves carry a protection key (bits 62:59, in effect with CR4.PKE). */
  readonly protectionKeys: boolean;
  /** The register bits that select this format, each with the value it must have; bits not named do not matter. */
  readonly selectedBy: Readonly<Partial<Record<SelectingBit, 0 | 1>>>;
  /** Registers that select it, as the CLI assumes them when not told: CR0.PG|WP|PE, and EFER.LMA|NXE in long mode. */
  readonly registers: { readonly cr0: number; readonly cr4: number; readonly efer: number };
  readonly walkInto: FormatWalkInto;
  readonly walk: FormatWalk;
  /**
   * `--mode NAME` of the sim CLI (COURSE.md's contract) that walks this format, or null. Rows may share a name: the
   * registers pick among them, and `isDefault` marks the one whose registers the CLI assumes.
   */
  readonly cli: { readonly name: string; readonly isDefault: boolean } | null;
  /** The Linux architecture that runs this format, or null. */
  readonly linuxArch: LinuxArch | null;
  /** Whether buildMmPageTables lays an Mm's page table out in this format. */
  readonly mmPageTables: boolean;
  /** The machine the page-walk stepper offers for this format, or null when it does not offer it. */
  readonly demo: PagingDemo | null;
}

// The levels. Linux folds the levels a format lacks (p4d below 5-level, pud and pmd in 2-level i386).
const PML5E = { entry: "PML5E", table: "PML5 table", short: "PML5", linux: "pgd", hiBit: 56, loBit: 48, pageSize: null, rights: true } as const;
const PML4E_5 = { entry: "PML4E", table: "PML4 table", short: "PML4", linux: "p4d", hiBit: 47, loBit: 39, pageSize: null, rights: true } as const;
const PML4E = { ...PML4E_5, linux: "pgd" } as const;
const PDPTE = { entry: "PDPTE", table: "page-directory-pointer table", short: "PDPT", linux: "pud", hiBit: 38, loBit: 30, pageSize: 1073741824, rights: true } as const;
const PDE = { entry: "PDE", table: "page directory", short: "PD", linux: "pmd", hiBit: 29, loBit: 21, pageSize: 2097152, rights: true } as const;
const PTE = { entry: "PTE", table: "page table", short: "PT", linux: "pte", hiBit: 20, loBit: 12, pageSize: 4096, rights: true } as const;
const PAE_PDPTE = { ...PDPTE, linux: "pgd", hiBit: 31, loBit: 30, pageSize: null, rights: false } as const;
const PDE_32 = { ...PDE, linux: "pgd", hiBit: 31, loBit: 22, pageSize: null } as const;
const PDE_32_PSE = { ...PDE_32, pageSize: 4194304 } as const;
const PTE_32 = { ...PTE, hiBit: 21, loBit: 12 } as const;

const CR0_PAGING = (CR0_PG | CR0_WP | CR0_PE) >>> 0;
const EFER_LONG = EFER_LME | EFER_LMA | EFER_NXE;

// What the 32-bit rows (with or without PSE) share, and what the IA-32e rows (4- and 5-level) share.
const BITS_32 = {
  vaBits: 32,
  linearBits: 32,
  entryBytes: 4,
  entryLayout: "32",
  maxPhyAddr: 40,
  cr3Bits: [31, 12],
  nx: false,
  protectionKeys: false,
  walkInto: walkInto32,
  walk: walk32Result,
  linuxArch: "i386",
  mmPageTables: true,
} as const;
const IA32E = {
  linearBits: 64,
  entryBytes: 8,
  entryLayout: "long",
  pageSizes: [4096, 2097152, 1073741824],
  maxPhyAddr: 52,
  cr3Bits: [51, 12],
  nx: true,
  protectionKeys: true,
  linuxArch: "x86_64",
} as const;

/** The paging formats of x86, in the order people meet them. */
export const PAGING_FORMATS = [
  {
    id: "i386",
    mode: "i386",
    name: "32-bit paging (i386)",
    ...BITS_32,
    levels: [PDE_32, PTE_32],
    pageSizes: [4096],
    selectedBy: { "CR0.PG": 1, "CR4.PAE": 0, "CR4.PSE": 0 },
    registers: { cr0: CR0_PAGING, cr4: 0, efer: 0 },
    cli: { name: "i386", isDefault: false },
    demo: null,
  },
  {
    id: "i386-pse",
    mode: "i386",
    name: "32-bit paging with PSE (i386)",
    ...BITS_32,
    levels: [PDE_32_PSE, PTE_32],
    pageSizes: [4096, 4194304],
    selectedBy: { "CR0.PG": 1, "CR4.PAE": 0, "CR4.PSE": 1 },
    registers: { cr0: CR0_PAGING, cr4: CR4_PSE, efer: 0 },
    cli: { name: "i386", isDefault: true },
    demo: {
      summary: "A 32-bit Linux process (3G/1G split, 1 GB of RAM, PSE on)",
      pageOffset: 0xc0000000n,
      build: demoI386,
    },
  },
  {
    id: "pae",
    mode: "pae",
    name: "PAE paging",
    levels: [PAE_PDPTE, PDE, PTE],
    vaBits: 32,
    linearBits: 32,
    entryBytes: 8,
    entryLayout: "pae",
    pageSizes: [4096, 2097152],
    maxPhyAddr: 52,
    cr3Bits: [31, 5],
    nx: true,
    protectionKeys: false,
    selectedBy: { "CR0.PG": 1, "CR4.PAE": 1, "EFER.LME": 0 },
    registers: { cr0: CR0_PAGING, cr4: CR4_PAE, efer: 0 },
    walkInto: walkIntoPae,
    walk: walkPaeResult,
    cli: { name: "pae", isDefault: true },
    linuxArch: "i386",
    mmPageTables: false,
    demo: {
      summary: "A PAE Linux process (3G/1G split, 6 GB of RAM, NX on)",
      pageOffset: 0xc0000000n,
      build: buildPaeProcess,
    },
  },
  {
    id: "4-level",
    mode: "4-level",
    name: "4-level paging (x86-64)",
    levels: [PML4E, PDPTE, PDE, PTE],
    ...IA32E,
    vaBits: 48,
    selectedBy: { "CR0.PG": 1, "CR4.PAE": 1, "EFER.LME": 1, "CR4.LA57": 0 },
    registers: { cr0: CR0_PAGING, cr4: CR4_PAE, efer: EFER_LONG },
    walkInto: walkInto4Level,
    walk: walk4LevelResult,
    cli: { name: "x86_64", isDefault: true },
    mmPageTables: true,
    demo: {
      summary: "An x86-64 Linux process (4-level paging, 4.5 GB of RAM, NX, SMEP and SMAP on)",
      pageOffset: 0xffff888000000000n,
      build: buildX8664Process,
    },
  },
  {
    id: "5-level",
    mode: "5-level",
    name: "5-level paging (x86-64, LA57)",
    levels: [PML5E, PML4E_5, PDPTE, PDE, PTE],
    ...IA32E,
    vaBits: 57,
    selectedBy: { "CR0.PG": 1, "CR4.PAE": 1, "EFER.LME": 1, "CR4.LA57": 1 },
    registers: { cr0: CR0_PAGING, cr4: CR4_PAE | CR4_LA57, efer: EFER_LONG },
    walkInto: walkInto5Level,
    walk: walk5LevelResult,
    cli: { name: "x86_64", isDefault: false },
    mmPageTables: false,
    demo: null,
  },
] as const satisfies readonly PagingFormat[];

/** A row of the real table. */
export type KnownPagingFormat = (typeof PAGING_FORMATS)[number];
export type PagingFormatId = KnownPagingFormat["id"];
/** What pagingMode() returns: a row's `mode`, or "none" (CR0.PG = 0). */
export type PagingMode = "none" | KnownPagingFormat["mode"];

/** The rows by id (each typed as its own row, levels and all). */
export const PAGING_FORMAT_BY_ID: { readonly [Id in PagingFormatId]: Extract<KnownPagingFormat, { id: Id }> } = byId(PAGING_FORMATS);

// The walkers, adapted to one signature each (module-level functions: nothing is created per walk).
function walkInto32(cpu: CpuState, mem: PhysicalMemory, _vaHi: number, vaLo: number, access: Access, out: WalkRecord, options?: Walk64Options): WalkStatus {
  return walk32Into(cpu, mem, vaLo, access, out, options);
}

function walkIntoPae(cpu: CpuState, mem: PhysicalMemory, _vaHi: number, vaLo: number, access: Access, out: WalkRecord, options?: Walk64Options): WalkStatus {
  return walkPaeInto(cpu, mem, vaLo, access, out, options);
}

function walkInto4Level(cpu: CpuState, mem: PhysicalMemory, vaHi: number, vaLo: number, access: Access, out: WalkRecord, options?: Walk64Options): WalkStatus {
  return walkLongInto(cpu, mem, vaHi, vaLo, access, false, out, options);
}

function walkInto5Level(cpu: CpuState, mem: PhysicalMemory, vaHi: number, vaLo: number, access: Access, out: WalkRecord, options?: Walk64Options): WalkStatus {
  return walkLongInto(cpu, mem, vaHi, vaLo, access, true, out, options);
}

// walk32's result in translate's shape (CR2 a bigint); MAXPHYADDR is at most 40 in 32-bit paging.
function walk32Result(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options?: Walk64Options): TranslationResult {
  const r = walk32(cpu, mem, Number(va), access, { ...options, maxPhyAddr: Math.min(options?.maxPhyAddr ?? 40, 40) });
  const result: TranslationResult = r.ok ? { ok: true, pa: r.pa, pageSize: r.pageSize } : { ok: false, fault: "PF", errorCode: r.errorCode, cr2: BigInt(r.cr2) };
  if (r.trace) result.trace = r.trace;
  return result;
}

function walkPaeResult(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options?: Walk64Options): TranslationResult {
  return walkPae(cpu, mem, Number(va), access, options);
}

function walk4LevelResult(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options?: Walk64Options): TranslationResult {
  return walkLong(cpu, mem, va, access, false, options);
}

function walk5LevelResult(cpu: CpuState, mem: PhysicalMemory, va: bigint, access: Access, options?: Walk64Options): TranslationResult {
  return walkLong(cpu, mem, va, access, true, options);
}

// buildI386Process in the demo's shape: bigint region bounds, and EFER (0: there is no long mode to enable).
function demoI386(seed: string): DemoMachine {
  const p = buildI386Process(seed);
  return {
    mem: p.mem,
    cpu: { ...p.cpu, efer: 0 },
    regions: p.regions.map((r) => ({ name: r.name, start: BigInt(r.start), end: BigInt(r.end) })),
  };
}

// Choosing a format from the registers: the five selecting bits make an index 0..31, and a table built once from
// the rows' `selectedBy` says which row (or none) each index selects.
const SELECTING_BITS: readonly { bit: SelectingBit; register: "cr0" | "cr4" | "efer"; mask: number }[] = [
  { bit: "CR0.PG", register: "cr0", mask: CR0_PG },
  { bit: "CR4.PSE", register: "cr4", mask: CR4_PSE },
  { bit: "CR4.PAE", register: "cr4", mask: CR4_PAE },
  { bit: "EFER.LME", register: "efer", mask: EFER_LME },
  { bit: "CR4.LA57", register: "cr4", mask: CR4_LA57 },
];

/**
 * The selecting bits as an index, bit i for SELECTING_BITS[i]. Literal bits, as on the walkers' hot paths (decision
 * 0017): CR0.PG 0x80000000 -> 1, CR4.PSE 0x10 -> 2, CR4.PAE 0x20 -> 4, EFER.LME 0x100 -> 8, CR4.LA57 0x1000 -> 16.
 * Checked against SELECTING_BITS when the module loads.
 */
function selectionIndex(cr0: number, cr4: number, efer: number): number {
  return (cr0 >>> 31) | ((cr4 >>> 3) & 6) | ((efer >>> 5) & 8) | ((cr4 >>> 8) & 16);
}

/** Whether the registers select `format`: every bit its `selectedBy` names has the value it asks for. */
export function matchesRegisters(format: PagingFormat, cr0: number, cr4: number, efer: number): boolean {
  const registers = { cr0, cr4, efer };
  return SELECTING_BITS.every(({ bit, register, mask }) => {
    const want = format.selectedBy[bit];
    return want === undefined || ((registers[register] & mask) !== 0 ? 1 : 0) === want;
  });
}

const SELECTED: readonly (KnownPagingFormat | null)[] = buildSelection(PAGING_FORMATS);
const SELECTED_MODE: readonly PagingMode[] = SELECTED.map((format) => format?.mode ?? "none");

/** The format CR0.PG, CR4.PSE, CR4.PAE, EFER.LME and CR4.LA57 select, or null with paging off (facts §1.1). */
export function pagingFormat(cr0: number, cr4: number, efer: number): KnownPagingFormat | null {
  return SELECTED[selectionIndex(cr0, cr4, efer)] ?? null;
}

/** The paging mode selected by CR0.PG, CR4.PAE, EFER.LME and CR4.LA57 (facts §1.1): the selected row's `mode`. */
export function pagingMode(cr0: number, cr4: number, efer: number): PagingMode {
  return SELECTED_MODE[selectionIndex(cr0, cr4, efer)] ?? "none";
}

function buildSelection<F extends PagingFormat>(formats: readonly F[]): (F | null)[] {
  const out: (F | null)[] = [];
  for (let index = 0; index < 32; index++) {
    const r = { cr0: 0, cr4: 0, efer: 0 };
    SELECTING_BITS.forEach(({ register, mask }, i) => {
      if ((index & (1 << i)) !== 0) r[register] = (r[register] | mask) >>> 0;
    });
    if (selectionIndex(r.cr0, r.cr4, r.efer) !== index) throw new Error("paging-formats: selectionIndex disagrees with SELECTING_BITS");
    const selected = formats.filter((f) => matchesRegisters(f, r.cr0, r.cr4, r.efer));
    if (selected.length > 1) throw new Error(`paging-formats: ${selected.map((f) => f.id).join(" and ")} are selected by the same registers`);
    out.push(selected[0] ?? null);
  }
  return out;
}

function byId(formats: readonly KnownPagingFormat[]): { [Id in PagingFormatId]: Extract<KnownPagingFormat, { id: Id }> } {
  return Object.fromEntries(formats.map((format) => [format.id, format])) as { [Id in PagingFormatId]: Extract<KnownPagingFormat, { id: Id }> };
}
