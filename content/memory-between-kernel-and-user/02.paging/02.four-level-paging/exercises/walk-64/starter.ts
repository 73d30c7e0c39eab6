import { PF_W, type Access, type CpuState, type PhysicalMemory, type Translation } from "@pagewise/sim";
// Also in "@pagewise/sim": PTE_P PTE_RW PTE_US PTE_PS PTE_NX (a bigint), PF_P PF_U PF_RSVD PF_I, CR0_WP,
// CR4_SMEP CR4_SMAP, EFER_NXE.

/**
 * Translate the virtual address `va` the way the MMU does under x86-64 4-level paging.
 *
 *   cpu         cr0 (WP matters), cr3 (the PML4's physical address in bits M-1:12), cr4 (SMEP, SMAP),
 *               efer (NXE), ac (EFLAGS.AC), user (CPL 3), implicit (a supervisor access the CPU makes itself)
 *   mem         physical memory: mem.read64(pa) gives an 8-byte entry as a bigint
 *   va          the virtual address, a bigint from 0n to 2n ** 64n - 1n
 *   access      "read", "write" or "exec"
 *   maxPhyAddr  MAXPHYADDR (M): physical-address bits at or above it are reserved in every entry
 *
 * Return { ok: true, pa, pageSize: 4096 | 2097152 | 1073741824 } (pa a number),
 * { ok: false, fault: "PF", errorCode, cr2 } (cr2 the faulting va, a bigint) or { ok: false, fault: "GP", errorCode: 0 }.
 */
export function translate(
  cpu: CpuState,
  mem: PhysicalMemory,
  va: bigint,
  access: Access,
  maxPhyAddr: number,
): Translation {
  // 0. Canonical check: bits 63:47 must all equal bit 47, or the CPU raises #GP(0) without reading any table.

  // 1. The PML4E: CR3 gives the PML4, VA bits 47:39 pick one of its 512 entries (8 bytes each).
  const pml4 = BigInt(cpu.cr3) & 0x000ffffffffff000n;
  const pml4e = mem.read64(Number(pml4 + ((va >> 39n) & 511n) * 8n));

  // 2. Not present: a page fault. W/R is right here; which other error-code bits describe this access?
  if ((pml4e & 1n) === 0n) return { ok: false, fault: "PF", errorCode: access === "write" ? PF_W : 0, cr2: va };

  // 3. Then the PDPTE (VA bits 38:30; PS = 1 is a 1 GB page), the PDE (29:21; PS = 1 is a 2 MB page) and the PTE
  //    (20:12). At every level: P, then reserved bits (51:M, bit 63 without NXE, PS in a PML4E, 29:13 or 20:13 of
  //    a large leaf), then combine U/S and R/W (AND) and XD (OR) for the rights check at the leaf.
  void maxPhyAddr;

  // For now every present PML4E is treated as if paging were off (pa = va), which is wrong almost everywhere.
  return { ok: true, pa: Number(va & 0xffffffffffffn), pageSize: 4096 };
}
