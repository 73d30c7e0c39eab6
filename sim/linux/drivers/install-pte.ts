import { PAGE_SIZE } from "../../x86/constants";
import { EBUSY } from "../errno";
import type { Mm, Vma } from "../mm";
import type { Page } from "../pages";
import { findVmaMm } from "./vma-mm";

// What the mapping primitives share: finding vma->vm_mm, reading a pgprot, installing one user PTE.

export const PAGE = PAGE_SIZE;
const PGPROT_PRESENT = 0x1n;
const PGPROT_RW = 0x2n;

/** vma->vm_mm. A VMA that no device file bound is a broken invariant of the caller, not a driver outcome. */
export function requireVmaMm(vma: Vma, who: string): Mm {
  const mm = findVmaMm(vma);
  if (mm === null) throw new Error(`${who}: this VMA belongs to no mm (map it through openDevice's file)`);
  return mm;
}

/** A whole number the primitive can use, or a clear error for a call no C compiler would have let through. */
export function requireWhole(value: unknown, who: string, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new Error(`${who}: ${what} must be a whole number, got ${typeof value === "number" ? value : typeof value}`);
  }
  return value;
}

/** unsigned long: a negative number (signed arithmetic gone wrong) wraps to 2^64 + value, as C converts it. */
export function toUlong(value: number): bigint {
  return BigInt.asUintN(64, BigInt(value));
}

/**
 * Installs the PTE for the page at `addr` with `prot`'s present and RW bits; -EBUSY when one is already there
 * (remap_pfn_range BUG_ONs on it, vm_insert_page returns -EBUSY; sim returns -EBUSY for both).
 */
export function installPte(mm: Mm, addr: number, pfn: number, page: Page | null, prot: bigint): number {
  if (mm.findPte(addr) !== null) return -EBUSY;
  mm.setPte(addr, { pfn, page, writable: (prot & PGPROT_RW) !== 0n, present: (prot & PGPROT_PRESENT) !== 0n });
  return 0;
}

/** Removes the PTEs of [start, end) again after a primitive failed partway (zap_page_range_single). */
export function zapRange(mm: Mm, start: number, end: number): void {
  if (end > start) mm.zap(start, end);
}

