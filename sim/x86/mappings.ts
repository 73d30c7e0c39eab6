import type { PhysicalMemory } from "../memory/physical-memory";
import { PAGING_FORMAT_BY_ID, type PagingFormatId } from "../paging-formats";
import { CR4_PSE, EFER_NXE, PTE_G, PTE_P, PTE_PS, PTE_RW, PTE_US } from "./constants";
import type { PageSize, Walk64Options } from "./cpu-state";
import { checkMaxPhyAddr, reservedMask, type Entry64Kind } from "./reserved-bits";
import { pse4mReservedMask } from "./walk32";
import { findBadPdpte } from "./walk-pae";

/** One present leaf mapping with its effective rights (U/S and R/W ANDed over the levels, XD ORed). */
export interface Mapping {
  va: bigint;
  pa: number;
  size: PageSize;
  user: boolean;
  writable: boolean;
  /** Execute-disabled (only with NXE in PAE/4-level; always false in 32-bit mode). */
  nx: boolean;
  /** The leaf's G bit as stored (it takes effect only with CR4.PGE). */
  global: boolean;
}

/** The registers that define an address space, and its format (a PAGING_FORMATS id; a paging mode is one). */
export interface AddressSpace {
  mode: PagingFormatId;
  cr3: number;
  cr4: number;
  efer: number;
}

const TWO_32 = 4294967296;
const LEAF_SIZES: readonly PageSize[] = [4096, 2097152, 1073741824];

/**
 * Calls `visit` for every leaf that a walk would resolve, in ascending VA order: entries that are not present or
 * have reserved bits set (and everything below them) are skipped, exactly as the walkers would fault on them.
 * A PAE PDPT that fails the CR3-load check yields nothing (every access would #GP).
 */
export function forEachMapping(mem: PhysicalMemory, space: AddressSpace, visit: (m: Mapping) => void, options?: Walk64Options): void {
  const format = PAGING_FORMAT_BY_ID[space.mode];
  if (format.entryLayout === "32") return visit32(mem, space, visit, options);
  const pae = format.entryLayout === "pae";
  const m = checkMaxPhyAddr(pae ? Math.min(options?.maxPhyAddr ?? 52, 52) : (options?.maxPhyAddr ?? 52));
  const nxe = (space.efer & EFER_NXE) !== 0;
  const gbPages = options?.gbPages ?? true;
  const physHiMask = (1 << (m - 32)) - 1;
  // Levels are numbered from the PTE (0) up; the upper half of the top table holds the sign-extended (kernel) VAs.
  const top = format.levels.length - 1;
  const topLevel = format.levels[0];
  const upperHalf = topLevel === undefined ? Infinity : 2 ** (topLevel.hiBit - topLevel.loBit);
  const signExtension = format.linearBits > format.vaBits ? BigInt.asUintN(64, -1n << BigInt(format.vaBits)) : 0n;

  const walkTable = (tableBase: number, level: number, vaBase: bigint, rights: number, xd: boolean, entries: number): void => {
    const shift = BigInt(12 + 9 * level);
    for (let i = 0; i < entries; i++) {
      const address = tableBase + i * 8;
      const lo = mem.read32(address);
      if ((lo & PTE_P) === 0) continue;
      const hi = mem.read32(address + 4);
      let va = vaBase + (BigInt(i) << shift);
      if (level === top && i >= upperHalf) va |= signExtension;
      const isLeaf = level === 0 || ((lo & PTE_PS) !== 0 && level <= 2 && !(pae && level === 2));
      const kind = entryKindFor(pae, level, isLeaf, gbPages);
      const mask = reservedMask(kind, pae, m, nxe, options?.pdpteCheck === "lenient");
      if ((lo & mask.lo) !== 0 || (hi & mask.hi) !== 0) continue;
      // A PAE PDPTE grants no rights and has no XD bit.
      const isPaePdpte = pae && level === 2;
      const nextRights = isPaePdpte ? rights : rights & lo;
      const nextXd = xd || (!isPaePdpte && nxe && (hi & 0x80000000) !== 0);
      if (isLeaf) {
        const size = LEAF_SIZES[level] ?? 4096;
        const frameLo = (lo & ~(size - 1) & 0xfffff000) >>> 0;
        visit({
          va,
          pa: (hi & physHiMask) * TWO_32 + frameLo,
          size,
          user: (nextRights & PTE_US) !== 0,
          writable: (nextRights & PTE_RW) !== 0,
          nx: nextXd,
          global: (lo & PTE_G) !== 0,
        });
      } else {
        walkTable((hi & physHiMask) * TWO_32 + ((lo & 0xfffff000) >>> 0), level - 1, va, nextRights, nextXd, 512);
      }
    }
  };

  if (pae) {
    if (findBadPdpte(mem, space.cr3, space.efer, options) >= 0) return;
    walkTable((space.cr3 & 0xffffffe0) >>> 0, top, 0n, PTE_US | PTE_RW, false, 4);
    return;
  }
  walkTable((space.cr3 - (space.cr3 % 4096)) % 2 ** m, top, 0n, PTE_US | PTE_RW, false, 512);
}

/** Every leaf mapping of the address space (see forEachMapping), sorted by VA. */
export function listMappings(mem: PhysicalMemory, space: AddressSpace, options?: Walk64Options): Mapping[] {
  const out: Mapping[] = [];
  forEachMapping(mem, space, (m) => out.push(m), options);
  return out;
}

function entryKindFor(pae: boolean, level: number, isLeaf: boolean, gbPages: boolean): Entry64Kind {
  if (pae && level === 2) return "pdpte-pae";
  if (level === 4) return "pml5e";
  if (level === 3) return "pml4e";
  if (level === 2) return isLeaf ? (gbPages ? "pdpte-1g" : "pml4e") : "pdpte";
  if (level === 1) return isLeaf ? "pde-2m" : "pde";
  return "pte";
}

function visit32(mem: PhysicalMemory, space: AddressSpace, visit: (m: Mapping) => void, options?: Walk64Options): void {
  const pdBase = (space.cr3 & 0xfffff000) >>> 0;
  const pse = (space.cr4 & CR4_PSE) !== 0;
  const rsvd = pse4mReservedMask(Math.min(options?.maxPhyAddr ?? 40, 40));
  for (let i = 0; i < 1024; i++) {
    const pde = mem.read32(pdBase + i * 4);
    if ((pde & PTE_P) === 0) continue;
    if (pse && (pde & PTE_PS) !== 0) {
      if ((pde & rsvd) !== 0) continue;
      const pa = ((pde & 0xffc00000) >>> 0) + ((pde >>> 13) & 0xff) * TWO_32;
      visit({ va: BigInt(i * 4194304), pa, size: 4194304, user: (pde & PTE_US) !== 0, writable: (pde & PTE_RW) !== 0, nx: false, global: (pde & PTE_G) !== 0 });
      continue;
    }
    const ptBase = (pde & 0xfffff000) >>> 0;
    for (let j = 0; j < 1024; j++) {
      const pte = mem.read32(ptBase + j * 4);
      if ((pte & PTE_P) === 0) continue;
      const both = pde & pte;
      visit({ va: BigInt(i * 4194304 + j * 4096), pa: (pte & 0xfffff000) >>> 0, size: 4096, user: (both & PTE_US) !== 0, writable: (both & PTE_RW) !== 0, nx: false, global: (pte & PTE_G) !== 0 });
    }
  }
}
