import { PF_W, PTE_P, type Access, type Cpu32, type PhysicalMemory, type Translation32 } from "@pagewise/sim";
// Also in "@pagewise/sim": PTE_RW PTE_US PTE_PS, PF_P PF_U PF_RSVD PF_I, CR0_WP, CR4_PSE CR4_SMEP CR4_SMAP.

/**
 * Translate the virtual address `va` the way the MMU does under 32-bit two-level paging with 4 MB (PSE) pages.
 *
 *   cpu     cr0 (PG is always set here; WP matters), cr3 (page directory base in bits 31:12),
 *           cr4 (PSE, SMEP, SMAP), ac (EFLAGS.AC), user (CPL 3), implicit (a supervisor access the CPU makes itself)
 *   mem     physical memory: mem.read32(pa) gives an entry as an unsigned number
 *   va      the virtual address, 0 .. 0xffffffff
 *   access  "read", "write" or "exec"
 *
 * Return { ok: true, pa, pageSize: 4096 | 4194304 } or { ok: false, fault: "PF", errorCode, cr2 }.
 * Watch out: in JavaScript, `x & 0xfffff000` is negative when bit 31 is set. Finish with `>>> 0`.
 */
export function translate(cpu: Cpu32, mem: PhysicalMemory, va: number, access: Access): Translation32 {
  // 1. The page directory entry: CR3 gives the directory, VA bits 31:22 pick one of its 1024 entries (4 bytes each).
  const pde = mem.read32(((cpu.cr3 & 0xfffff000) >>> 0) + (va >>> 22) * 4);

  // 2. Not present: a page fault. W/R is right here; which other error-code bits describe this access?
  if ((pde & PTE_P) === 0) return { ok: false, fault: "PF", errorCode: access === "write" ? PF_W : 0, cr2: va };

  // 3. A 4 MB page when PS = 1 and CR4.PSE = 1: check reserved bit 21, then the rights, then build the address
  //    (PDE bits 20:13 are physical address bits 39:32).
  // 4. Otherwise the PDE points to a page table: VA bits 21:12 pick the PTE, VA bits 11:0 are the offset.
  // 5. Rights: U/S and R/W must allow the access in BOTH entries; mind CR0.WP, SMEP and SMAP for the kernel.

  // For now every present PDE is treated as if paging were off (pa = va), which is wrong almost everywhere.
  return { ok: true, pa: va, pageSize: 4096 };
}
