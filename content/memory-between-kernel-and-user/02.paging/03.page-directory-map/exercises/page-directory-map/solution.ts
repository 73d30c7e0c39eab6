import { CR4_PSE, PTE_P, PTE_PS, PTE_RW, PTE_US, type PhysicalMemory } from "@pagewise/sim";

// The reference map, written with nothing but what a learner has: COURSE.md's 16 x 64 map and its legend.

/** The 16 x 64 map of the 32-bit address space whose page directory CR3 names; 16 lines of 64 cells, each + "\n". */
export function pdmap(mem: PhysicalMemory, cr3: number, cr4: number): string {
  const pd = (cr3 & 0xfffff000) >>> 0; // bits 3 and 4 of CR3 are PWT and PCD, not address
  const pse = (cr4 & CR4_PSE) !== 0;
  let map = "";
  for (let i = 0; i < 1024; i++) {
    map += cell(mem, mem.read32(pd + i * 4), pse);
    if (i % 64 === 63) map += "\n";
  }
  return map;
}

/** One PDE's character: "." when nothing is mapped, upper case for a 4 MB page, lower case (or +) for a table. */
function cell(mem: PhysicalMemory, pde: number, pse: boolean): string {
  if ((pde & PTE_P) === 0) return "."; // P = 0: every other bit means nothing
  if (pse && (pde & PTE_PS) !== 0) return rights(pde, "X", "R", "*");
  // PS is ignored without CR4.PSE: the PDE points to a page table. Its first present PTE decides the character.
  const table = (pde & 0xfffff000) >>> 0;
  for (let j = 0; j < 1024; j++) {
    const pte = mem.read32(table + j * 4);
    if ((pte & PTE_P) !== 0) return rights(pde & pte, "x", "r", "+"); // user and writable need both entries
  }
  return ".";
}

function rights(bits: number, supervisor: string, userReadOnly: string, userWritable: string): string {
  if ((bits & PTE_US) === 0) return supervisor;
  return (bits & PTE_RW) === 0 ? userReadOnly : userWritable;
}
