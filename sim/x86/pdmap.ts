import type { PhysicalMemory } from "../memory/physical-memory";
import { CR4_PSE, PTE_P, PTE_PS, PTE_RW, PTE_US } from "./constants";

/**
 * The 16 x 64 map of a 32-bit non-PAE address space (COURSE.md): cell i is PDE i. `.` not present or an empty page
 * table, `X`/`R`/`*` a 4 MB supervisor / user read-only / user read-write page, `x`/`r`/`+` a page table whose first
 * present PTE is supervisor / user read-only / user read-write (rights are the AND of PDE and PTE).
 * Returns 16 lines of 64 characters, each ending in "\n".
 */
export function pdmap(mem: PhysicalMemory, cr3: number, cr4: number): string {
  const pdBase = (cr3 & 0xfffff000) >>> 0;
  const pse = (cr4 & CR4_PSE) !== 0;
  let out = "";
  for (let i = 0; i < 1024; i++) {
    out += cell(mem, mem.read32(pdBase + i * 4), pse);
    if ((i & 63) === 63) out += "\n";
  }
  return out;
}

function cell(mem: PhysicalMemory, pde: number, pse: boolean): string {
  if ((pde & PTE_P) === 0) return ".";
  if (pse && (pde & PTE_PS) !== 0) return rightsChar(pde, "X", "R", "*");
  const ptBase = (pde & 0xfffff000) >>> 0;
  for (let j = 0; j < 1024; j++) {
    const pte = mem.read32(ptBase + j * 4);
    if ((pte & PTE_P) !== 0) return rightsChar(pde & pte, "x", "r", "+");
  }
  return ".";
}

function rightsChar(bits: number, supervisor: string, userReadOnly: string, userWritable: string): string {
  if ((bits & PTE_US) === 0) return supervisor;
  return (bits & PTE_RW) === 0 ? userReadOnly : userWritable;
}
