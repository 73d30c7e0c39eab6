import {
  CR0_WP,
  CR4_PSE,
  CR4_SMAP,
  CR4_SMEP,
  PF_I,
  PF_P,
  PF_RSVD,
  PF_U,
  PF_W,
  PTE_P,
  PTE_PS,
  PTE_RW,
  PTE_US,
  type Access,
  type Cpu32,
  type PhysicalMemory,
  type Translation32,
} from "@pagewise/sim";

// The reference walk, written with nothing but what a learner has. CR0.PG is always set in this exercise.

/** Bit 21 of a 4 MB PDE is reserved (MAXPHYADDR is 40 here, so bits 20:13 are all address bits). */
const PDE_4M_RESERVED = 1 << 21;

/** Translates `va` for `access` under 32-bit paging with PSE: a physical address, or #PF with error code and CR2. */
export function translate(cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access): Translation32 {
  va = va >>> 0;
  // An implicit access (a GDT/IDT/TSS load) is a supervisor access even when the CPU is running user code.
  const isUser = cpu.user && cpu.implicit !== true;
  const fault = (cause: number): Translation32 => ({
    ok: false,
    fault: "PF",
    errorCode: cause | accessBits(cpu, isUser, access),
    cr2: va,
  });

  const pdeAddress = ((cpu.cr3 & 0xfffff000) >>> 0) + (va >>> 22) * 4;
  const pde = mem.read32(pdeAddress);
  if ((pde & PTE_P) === 0) return fault(0);

  if ((pde & PTE_PS) !== 0 && (cpu.cr4 & CR4_PSE) !== 0) {
    if ((pde & PDE_4M_RESERVED) !== 0) return fault(PF_P | PF_RSVD);
    if (!isAllowed(cpu, isUser, access, (pde & PTE_US) !== 0, (pde & PTE_RW) !== 0)) return fault(PF_P);
    // PA[31:22] from the PDE, PA[39:32] from PDE bits 20:13 (PSE-36), the offset from VA[21:0].
    // Multiply rather than shift: `x << 32` in JavaScript is `x`.
    const high = ((pde >>> 13) & 0xff) * 2 ** 32;
    return { ok: true, pa: high + ((pde & 0xffc00000) >>> 0) + (va & 0x3fffff), pageSize: 4194304 };
  }

  // PS is ignored when CR4.PSE = 0: the PDE points to a page table like any other.
  const pteAddress = ((pde & 0xfffff000) >>> 0) + ((va >>> 12) & 0x3ff) * 4;
  const pte = mem.read32(pteAddress);
  if ((pte & PTE_P) === 0) return fault(0);
  // Rights are the AND of both levels.
  const isUserPage = (pde & pte & PTE_US) !== 0;
  const isWritable = (pde & pte & PTE_RW) !== 0;
  if (!isAllowed(cpu, isUser, access, isUserPage, isWritable)) return fault(PF_P);
  return { ok: true, pa: ((pte & 0xfffff000) >>> 0) + (va & 0xfff), pageSize: 4096 };
}

/** W/R, U/S and I/D describe the access, not the page; I/D only exists when SMEP can refuse a fetch. */
function accessBits(cpu: Cpu32, isUser: boolean, access: Access): number {
  let bits = 0;
  if (access === "write") bits |= PF_W;
  if (isUser) bits |= PF_U;
  if (access === "exec" && (cpu.cr4 & CR4_SMEP) !== 0) bits |= PF_I;
  return bits;
}

/** The SDM's access rules for 32-bit paging (no execute-disable in this mode). */
function isAllowed(cpu: Cpu32, isUser: boolean, access: Access, isUserPage: boolean, isWritable: boolean): boolean {
  if (isUser) return isUserPage && (access !== "write" || isWritable);
  if (access === "exec") return !(isUserPage && (cpu.cr4 & CR4_SMEP) !== 0);
  // SMAP: the kernel may touch user data only with EFLAGS.AC set, and never by an implicit access.
  if (isUserPage && (cpu.cr4 & CR4_SMAP) !== 0 && (!cpu.ac || cpu.implicit === true)) return false;
  // CR0.WP = 0 lets the kernel write read-only pages.
  return access !== "write" || isWritable || (cpu.cr0 & CR0_WP) === 0;
}
