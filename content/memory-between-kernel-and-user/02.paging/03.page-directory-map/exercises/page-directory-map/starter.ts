import { PTE_P, type PhysicalMemory } from "@pagewise/sim";
// Also in "@pagewise/sim": PTE_RW PTE_US PTE_PS, CR4_PSE.

/**
 * Draw the 16 x 64 map of a 32-bit (non-PAE) address space: cell i (row i >> 6, column i & 63) is PDE i.
 *
 *   mem   physical memory: mem.read32(pa) gives a PDE or PTE as an unsigned number; absent memory reads as 0
 *   cr3   the page directory's physical address in bits 31:12 (bits 3 and 4 are cache bits: ignore them)
 *   cr4   PSE (bit 4) decides whether PS = 1 in a PDE means a 4 MB page
 *
 * Legend: "." not present or a page table with no present entry; "X" / "R" / "*" a 4 MB page that is supervisor /
 * user read-only / user read-write; "x" / "r" / "+" a page table whose first present PTE is supervisor / user
 * read-only / user read-write. User and writable need the bit in both the PDE and the PTE.
 * Return 16 lines of 64 characters, each ending in "\n".
 */
export function pdmap(mem: PhysicalMemory, cr3: number, cr4: number): string {
  void cr4; // 1. CR4.PSE: is a PDE with PS = 1 a 4 MB page?
  let map = "";
  for (let i = 0; i < 1024; i++) {
    const pde = mem.read32(((cr3 & 0xfffff000) >>> 0) + i * 4);
    // 2. For now every present PDE is drawn as a supervisor 4 MB page: look at PS, U/S and R/W, and for a page
    //    table, at its first present PTE.
    map += (pde & PTE_P) !== 0 ? "X" : ".";
    if (i % 64 === 63) map += "\n";
  }
  return map;
}
