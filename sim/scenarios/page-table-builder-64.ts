import type { PhysicalMemory } from "../memory/physical-memory";
import { PTE_P } from "../x86/constants";

// Writes 64-bit paging structures (PAE and 4-level) entry by entry, as two little-endian 32-bit halves so that
// building a machine needs no bigint arithmetic per entry. Levels are numbered as in the walkers: 0 = PTE, 1 = PDE,
// 2 = PDPTE, 3 = PML4E.

const TWO_32 = 4294967296;

/** An entry's flag bits as halves: `lo` are bits 31:0 (without the address), `hi` bits 63:32 (NX is 0x80000000). */
export interface EntryFlags {
  lo: number;
  hi: number;
}

/** Bit 63 (NX/XD) in the high half of an entry. */
export const NX_HI = 0x80000000;

export class PageTableBuilder64 {
  // The last page table an entry address was found in: consecutive 4 KB pages mostly share one, and the lookup from
  // the top was most of a scenario's build time. Cleared whenever an entry above the PTE level is written.
  private cachedChunk = -1;
  private cachedTable = 0;

  constructor(
    private readonly mem: PhysicalMemory,
    /** Physical address of the top table: a PML4 (4 KB aligned) or a PAE PDPT (32-byte aligned). */
    readonly topBase: number,
    /** The level of the top table: 3 for a PML4, 2 for a PAE PDPT. */
    private readonly topLevel: 2 | 3,
    /** Supplies the frame for a new table. */
    private readonly newTableFrame: () => number,
    /** The flags of the entry that points to a new table, by that entry's level (e.g. 0x067, or 0x001 in a PAE PDPTE). */
    private readonly tableFlags: (level: number) => EntryFlags,
  ) {}

  /**
   * Maps the page of `2^(12 + 9 * level)` bytes at `va` (level 0: 4 KB, 1: 2 MB, 2: 1 GB) to physical `pa` with
   * `flags` (PS must be in flags.lo for a large page), creating the tables above it as needed. `va` is the
   * canonical VA's low 48 bits as a number (a PAE VA is below 2^32), so every index is plain arithmetic.
   */
  map(va: number, level: number, pa: number, flags: EntryFlags): void {
    if (level > 0) this.cachedChunk = -1;
    this.write(this.entryAddress(va, level), pa, flags);
  }

  /** Writes a raw entry (a not-present swap entry, say) at the slot for `va` at `level`. */
  setRaw(va: number, level: number, lo: number, hi: number): void {
    if (level > 0) this.cachedChunk = -1;
    const address = this.entryAddress(va, level);
    this.mem.write32(address, lo >>> 0);
    this.mem.write32(address + 4, hi >>> 0);
  }

  /** The entry for `va` at `level` as halves, without creating anything ([0, 0] when a table above is missing). */
  read(va: number, level: number): [number, number] {
    let table = this.topBase;
    for (let l = this.topLevel; l > level; l--) {
      const address = table + indexAt(va, l) * 8;
      const lo = this.mem.read32(address);
      if ((lo & PTE_P) === 0) return [0, 0];
      table = tableAddress(lo, this.mem.read32(address + 4));
    }
    const address = table + indexAt(va, level) * 8;
    return [this.mem.read32(address), this.mem.read32(address + 4)];
  }

  /** ORs `lo`/`hi` bits into every entry on the path to `va` above `level` (Linux's vsyscall path gets USER). */
  orPath(va: number, level: number, lo: number, hi = 0): void {
    this.cachedChunk = -1;
    let table = this.topBase;
    for (let l = this.topLevel; l > level; l--) {
      const address = table + indexAt(va, l) * 8;
      const entryLo = this.mem.read32(address);
      const entryHi = this.mem.read32(address + 4);
      if ((entryLo & PTE_P) === 0) throw new Error("orPath: no table on the path");
      this.mem.write32(address, (entryLo | lo) >>> 0);
      this.mem.write32(address + 4, (entryHi | hi) >>> 0);
      table = tableAddress(entryLo, entryHi);
    }
  }

  /** The physical address of the entry for `va` at `level`, creating the tables above it. */
  private entryAddress(va: number, level: number): number {
    const chunk = Math.floor(va / 2097152);
    if (level === 0 && chunk === this.cachedChunk) return this.cachedTable + indexAt(va, 0) * 8;
    let table = this.topBase;
    for (let l = this.topLevel; l > level; l--) {
      const address = table + indexAt(va, l) * 8;
      let lo = this.mem.read32(address);
      let hi = this.mem.read32(address + 4);
      if ((lo & PTE_P) === 0) {
        const flags = this.tableFlags(l);
        const pa = this.newTableFrame() * 4096;
        this.write(address, pa, flags);
        lo = this.mem.read32(address);
        hi = this.mem.read32(address + 4);
      }
      table = tableAddress(lo, hi);
    }
    if (level === 0) {
      this.cachedChunk = chunk;
      this.cachedTable = table;
    }
    return table + indexAt(va, level) * 8;
  }

  private write(address: number, pa: number, flags: EntryFlags): void {
    this.mem.write32(address, ((pa % TWO_32) | flags.lo) >>> 0);
    this.mem.write32(address + 4, (Math.floor(pa / TWO_32) | flags.hi) >>> 0);
  }
}

/** The 9-bit index of `va` (a number below 2^48) at `level`. */
function indexAt(va: number, level: number): number {
  return Math.floor(va / 2 ** (12 + 9 * level)) % 512;
}

/** The table address an entry holds: bits 51:12. */
function tableAddress(lo: number, hi: number): number {
  return (hi & 0xfffff) * TWO_32 + ((lo & 0xfffff000) >>> 0);
}
