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
    const index = va >>> 22;
    let pde = this.getPde(index);
    if ((pde & PTE_P) === 0) {
      pde = (this.newTableFrame() * 4096 + pdeFlags) >>> 0;
      this.setPde(index, pde);
    }
    this.mem.write32(((pde & 0xfffff000) >>> 0) + ((va >>> 12) & 0x3ff) * 4, pte >>> 0);
  }
}
