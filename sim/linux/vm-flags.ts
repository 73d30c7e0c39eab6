// VMA flags, mmap(2) arguments and protection_map, with Linux's values (include/linux/mm.h,
// include/uapi/asm-generic/mman-common.h, arch/x86/include/asm/pgtable_types.h; facts §1.3, §4.1).

export const VM_NONE = 0x0;
export const VM_READ = 0x1;
export const VM_WRITE = 0x2;
export const VM_EXEC = 0x4;
export const VM_SHARED = 0x8;
export const VM_MAYREAD = 0x10;
export const VM_MAYWRITE = 0x20;
export const VM_MAYEXEC = 0x40;
export const VM_MAYSHARE = 0x80;
export const VM_GROWSDOWN = 0x100;
export const VM_PFNMAP = 0x400;
export const VM_LOCKED = 0x2000;
export const VM_IO = 0x4000;
export const VM_DONTCOPY = 0x20000;
export const VM_DONTEXPAND = 0x40000;
export const VM_ACCOUNT = 0x100000;
export const VM_NORESERVE = 0x200000;
export const VM_HUGETLB = 0x400000;
export const VM_DONTDUMP = 0x4000000;
export const VM_MIXEDMAP = 0x10000000;
export const VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP;

export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;

export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x0100;
export const MAP_LOCKED = 0x2000;
export const MAP_NORESERVE = 0x4000;

export const MREMAP_MAYMOVE = 1;

// x86-64 pgprot values (facts §1.3). NX is bit 63, so a pgprot is a bigint.
const NX = 1n << 63n;
export const PAGE_NONE = 0x120n;
export const PAGE_SHARED = NX | 0x027n;
export const PAGE_SHARED_EXEC = 0x027n;
export const PAGE_COPY = NX | 0x025n;
export const PAGE_COPY_EXEC = 0x025n;
export const PAGE_READONLY = NX | 0x025n;
export const PAGE_READONLY_EXEC = 0x025n;

// Indexed by VM_READ|VM_WRITE|VM_EXEC|VM_SHARED (1/2/4/8): __P000..__P111 then __S000..__S111.
const PROTECTION_MAP: readonly bigint[] = [
  PAGE_NONE, PAGE_READONLY, PAGE_COPY, PAGE_COPY, PAGE_READONLY_EXEC, PAGE_READONLY_EXEC, PAGE_COPY_EXEC, PAGE_COPY_EXEC,
  PAGE_NONE, PAGE_READONLY, PAGE_SHARED, PAGE_SHARED, PAGE_READONLY_EXEC, PAGE_READONLY_EXEC, PAGE_SHARED_EXEC, PAGE_SHARED_EXEC,
];

/** vm_get_page_prot(): the x86-64 pgprot for a VMA's flags (protection_map[flags & (READ|WRITE|EXEC|SHARED)]). */
export function vmGetPageProt(vmFlags: number): bigint {
  return PROTECTION_MAP[vmFlags & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED)] ?? PAGE_NONE;
}

/** calc_vm_prot_bits(): PROT_READ/WRITE/EXEC map one to one onto VM_READ/WRITE/EXEC. */
export function calcVmProtBits(prot: number): number {
  return prot & (VM_READ | VM_WRITE | VM_EXEC);
}

/** calc_vm_flag_bits(): the mmap flags that become VMA flags. */
export function calcVmFlagBits(flags: number): number {
  return (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0) | (flags & MAP_LOCKED ? VM_LOCKED : 0);
}

const FLAG_NAMES: readonly [number, string][] = [
  [VM_READ, "READ"], [VM_WRITE, "WRITE"], [VM_EXEC, "EXEC"], [VM_SHARED, "SHARED"], [VM_MAYREAD, "MAYREAD"],
  [VM_MAYWRITE, "MAYWRITE"], [VM_MAYEXEC, "MAYEXEC"], [VM_MAYSHARE, "MAYSHARE"], [VM_GROWSDOWN, "GROWSDOWN"],
  [VM_PFNMAP, "PFNMAP"], [VM_LOCKED, "LOCKED"], [VM_IO, "IO"], [VM_DONTCOPY, "DONTCOPY"], [VM_DONTEXPAND, "DONTEXPAND"],
  [VM_ACCOUNT, "ACCOUNT"], [VM_NORESERVE, "NORESERVE"], [VM_HUGETLB, "HUGETLB"], [VM_DONTDUMP, "DONTDUMP"],
  [VM_MIXEDMAP, "MIXEDMAP"],
];

/** "READ|MAYREAD|..." for messages and widgets, low bit first. */
export function vmFlagNames(vmFlags: number): string {
  return FLAG_NAMES.filter(([bit]) => (vmFlags & bit) !== 0).map(([, name]) => name).join("|") || "NONE";
}
