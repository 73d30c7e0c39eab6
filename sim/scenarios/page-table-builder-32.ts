import type { PhysicalMemory } from "../memory/physical-memory";
import { PTE_P } from "../x86/constants";

/** Writes 32-bit (non-PAE) page tables: a page directory plus page tables created on demand. */
export class PageTableBuilder32 {
  constructor(
    private readonly mem: PhysicalMemory,
    /** Physical address of the page directory (4 KB aligned). */
    readonly pdBase: number,
    /** Supplies the frame for a new page table. */
    private readonly newTableFrame: () => number,
  ) {}

  /** Sets PDE `index` to a 4 MB page (or any raw value). */
  setPde(index: number, value: number): void {
    this.mem.write32(this.pdBase + index * 4, value);
  }

  getPde(index: number): number {
    return this.mem.read32(this.pdBase + index * 4);
  }

  /** Maps the 4 KB page at `va` with a raw PTE value, creating the page table with `pdeFlags` if needed. */
  setPte(va: number, pte: number, pdeFlags: number): void {
    this.mem.write32(this.tableFor(va, pdeFlags) + ((va >>> 12) & 0x3ff) * 4, pte >>> 0);
  }

  /**
   * Maps `count` consecutive 4 KB pages from `va` (all inside one page table) to consecutive frames: PTE k is
   * `firstPte + k * 4096`. The same entries as `count` calls of setPte, written in bulk.
   */
  setPteRun(va: number, count: number, firstPte: number, pdeFlags: number): void {
    const first = (va >>> 12) & 0x3ff;
    if (count <= 0) return;
    if (first + count > 1024) throw new RangeError("setPteRun: the run crosses a page table");
    const table = this.tableFor(va, pdeFlags);
    // The first write creates the table's frame (and marks the memory as written); the rest go to its words.
    this.mem.write32(table + first * 4, firstPte >>> 0);
    const words = this.mem.words(table / 4096);
    if (words === undefined) throw new Error("setPteRun: the page table's frame vanished");
    for (let k = 1; k < count; k++) words[first + k] = (firstPte + k * 4096) >>> 0;
  }

  /** The page table's physical address for `va`, created with `pdeFlags` when its PDE is not present. */
  private tableFor(va: number, pdeFlags: number): number {
    const index = va >>> 22;
    let pde = this.getPde(index);
    if ((pde & PTE_P) === 0) {
      pde = (this.newTableFrame() * 4096 + pdeFlags) >>> 0;
      this.setPde(index, pde);
    }
    return (pde & 0xfffff000) >>> 0;
  }
}
