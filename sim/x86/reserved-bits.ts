// Reserved-bit masks of 64-bit entries (SDM tables 4-10/4-11/4-15..4-19), split into the low and high 32-bit halves
// so walkers can test them without bigint arithmetic.

/** A mask over a 64-bit entry as two unsigned 32-bit halves. */
export interface Mask64 {
  lo: number;
  hi: number;
}

/** High-half bits of physical-address bits 51:M (4/5-level) for MAXPHYADDR `m`. */
function paAboveMaxHi(m: number): number {
  return (0xfffff & ~((1 << (m - 32)) - 1)) >>> 0;
}

/** Clamps MAXPHYADDR to the architectural range; throws on nonsense, which is a caller bug. */
export function checkMaxPhyAddr(m: number): number {
  if (!Number.isInteger(m) || m < 32 || m > 52) throw new RangeError(`MAXPHYADDR must be an integer in [32, 52], got ${m}`);
  return m;
}

const NX_HI = 0x80000000;

/** Which entry is being checked: level name plus whether it maps a page (PS = 1 or a PTE). */
export type Entry64Kind = "pdpte-pae" | "pml5e" | "pml4e" | "pdpte" | "pdpte-1g" | "pde" | "pde-2m" | "pte";

/**
 * Reserved bits of an entry of `kind` in PAE (`pae` = true) or 4/5-level paging, for MAXPHYADDR `m` and EFER.NXE.
 * PAE PDPTEs: 63:M, 8:5 and 2:1 (the low ones skipped when `lenientPdpte`). PAE PDE/PTE: 62:M (+63 without NXE).
 * 4/5-level: 51:M (+63 without NXE), PS in PML4E/PML5E, 29:13 in 1 GB and 20:13 in 2 MB leaves.
 */
export function reservedMask(kind: Entry64Kind, pae: boolean, m: number, nxe: boolean, lenientPdpte = false): Mask64 {
  if (kind === "pdpte-pae") {
    return { lo: lenientPdpte ? 0 : 0x1e6, hi: (~((1 << (m - 32)) - 1)) >>> 0 };
  }
  const nx = nxe ? 0 : NX_HI;
  // PAE entries have no ignored high bits: everything from M to 62 is reserved. 4/5-level stop at bit 51.
  const hi = (pae ? (0x7fffffff & ~((1 << (m - 32)) - 1)) >>> 0 : paAboveMaxHi(m)) | nx;
  let lo = 0;
  if (kind === "pml4e" || kind === "pml5e") lo = 0x80;
  if (kind === "pdpte-1g") lo = 0x3fffe000;
  if (kind === "pde-2m") lo = 0x001fe000;
  return { lo, hi: hi >>> 0 };
}

/** The high-half reserved mask of non-PDPTE entries (see reservedMask), without allocating: for hot paths. */
export function reservedHi(pae: boolean, m: number, nxe: boolean): number {
  const hi = pae ? (0x7fffffff & ~((1 << (m - 32)) - 1)) >>> 0 : paAboveMaxHi(m);
  return (hi | (nxe ? 0 : NX_HI)) >>> 0;
}

/** The low-half reserved mask of an entry kind other than a PAE PDPTE (see reservedMask). */
export function reservedLo(kind: Entry64Kind): number {
  if (kind === "pml4e" || kind === "pml5e") return 0x80;
  if (kind === "pdpte-1g") return 0x3fffe000;
  if (kind === "pde-2m") return 0x001fe000;
  return 0;
}
