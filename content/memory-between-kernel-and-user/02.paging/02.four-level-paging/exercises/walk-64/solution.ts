import {
  CR0_WP,
  CR4_SMAP,
  CR4_SMEP,
  EFER_NXE,
  PF_I,
  PF_P,
  PF_RSVD,
  PF_U,
  PF_W,
  type Access,
  type CpuState,
  type PageSize,
  type PhysicalMemory,
  type Translation,
} from "@pagewise/sim";

// The reference walk, written with nothing but what a learner has: 4-level paging (CR0.PG, CR4.PAE, EFER.LME set,
// CR4.LA57 clear), 1 GB pages supported, protection keys off. Entries are bigints: 64 bits do not fit a number.

const P = 1n;
const RW = 2n;
const US = 4n;
const PS = 0x80n;
const XD = 1n << 63n;
const LEVELS = 4;
/** The page a leaf at each level maps: a PTE 4 KB, a PDE 2 MB, a PDPTE 1 GB. */
const PAGE_SIZES: readonly PageSize[] = [4096, 2097152, 1073741824];

/** Translates `va` for `access`: a physical address and page size, #PF with error code and CR2, or #GP(0). */
export function translate(
  cpu: CpuState,
  mem: PhysicalMemory,
  va: bigint,
  access: Access,
  maxPhyAddr: number,
): Translation {
  va = BigInt.asUintN(64, va);
  // Canonical: bits 63:47 all equal bit 47. A non-canonical address never reaches the tables.
  const top = va >> 47n;
  if (top !== 0n && top !== 0x1ffffn) return { ok: false, fault: "GP", errorCode: 0 };

  const nxe = (cpu.efer & EFER_NXE) !== 0;
  // An implicit access (a GDT/IDT/TSS load) is a supervisor access even when the CPU is running user code.
  const isUser = cpu.user && cpu.implicit !== true;
  const fault = (cause: number): Translation => ({
    ok: false,
    fault: "PF",
    errorCode: cause | accessBits(cpu, isUser, access, nxe),
    cr2: va,
  });
  const below = (1n << BigInt(maxPhyAddr)) - 1n;
  const address = below & ~0xfffn; // entry bits M-1:12
  // Bits 51:M are reserved in every entry, and bit 63 too when NXE is off (facts §1.3).
  const reserved = (((1n << 52n) - 1n) & ~below) | (nxe ? 0n : XD);

  let table = BigInt(cpu.cr3) & address;
  let isUserPage = true;
  let isWritable = true;
  let isXd = false;
  for (let level = LEVELS - 1; level >= 0; level--) {
    const shift = BigInt(12 + 9 * level);
    const entry = mem.read64(Number(table + ((va >> shift) & 511n) * 8n));
    if ((entry & P) === 0n) return fault(0);
    const isLarge = level > 0 && (entry & PS) !== 0n;
    if ((entry & reserved) !== 0n || (isLarge && (entry & largeReserved(level)) !== 0n)) return fault(PF_P | PF_RSVD);
    // U/S and R/W are ANDed over the levels, XD is ORed.
    isUserPage &&= (entry & US) !== 0n;
    isWritable &&= (entry & RW) !== 0n;
    isXd ||= nxe && (entry & XD) !== 0n;
    if (level > 0 && !isLarge) {
      table = entry & address;
      continue;
    }
    if (!isAllowed(cpu, isUser, access, isUserPage, isWritable, isXd)) return fault(PF_P);
    const pageSize = PAGE_SIZES[level] ?? 4096;
    const offsetMask = BigInt(pageSize) - 1n;
    return { ok: true, pa: Number((entry & address & ~offsetMask) | (va & offsetMask)), pageSize };
  }
  throw new Error("walk-64: the PTE level is always a leaf");
}

/** The reserved low bits when PS = 1: all of a PML4E's PS bit; bits 29:13 of a 1 GB and 20:13 of a 2 MB leaf. */
function largeReserved(level: number): bigint {
  if (level === 3) return PS;
  return level === 2 ? 0x3fffe000n : 0x1fe000n;
}

/** W/R, U/S and I/D describe the access, not the page; I/D exists when NXE or SMEP can refuse a fetch. */
function accessBits(cpu: CpuState, isUser: boolean, access: Access, nxe: boolean): number {
  let bits = 0;
  if (access === "write") bits |= PF_W;
  if (isUser) bits |= PF_U;
  if (access === "exec" && (nxe || (cpu.cr4 & CR4_SMEP) !== 0)) bits |= PF_I;
  return bits;
}

/** The SDM's access rules (facts §1.4) for the rights combined over all four levels. */
function isAllowed(
  cpu: CpuState,
  isUser: boolean,
  access: Access,
  isUserPage: boolean,
  isWritable: boolean,
  isXd: boolean,
): boolean {
  if (isUser) {
    if (!isUserPage) return false;
    if (access === "write") return isWritable; // user writes honour R/W whatever CR0.WP says
    return access !== "exec" || !isXd;
  }
  if (access === "exec") return !(isUserPage && (cpu.cr4 & CR4_SMEP) !== 0) && !isXd;
  // SMAP: the kernel may touch user data only with EFLAGS.AC set, and never by an implicit access.
  if (isUserPage && (cpu.cr4 & CR4_SMAP) !== 0 && (!cpu.ac || cpu.implicit === true)) return false;
  return access !== "write" || isWritable || (cpu.cr0 & CR0_WP) === 0;
}
