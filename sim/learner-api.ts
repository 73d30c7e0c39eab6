// What learners may import in exercises, as the module "@pagewise/sim": memory, constants and the types of the
// translation contract. Deliberately no walker or solver: implementing those is the exercise.

export { PhysicalMemory } from "./memory/physical-memory";
export * from "./x86/constants";
export type { Access, Cpu32, Translation32 } from "./x86/types";
export type { CpuState, Translation, PageSize } from "./x86/cpu-state";
// read-syscall: the errnos a driver's read() returns.
export { EFAULT, EINVAL } from "./linux/errno";
// kmap-local: the machine description, KM_MAX_IDX and the rule names a kmap_local emulator answers with.
export { KM_MAX_IDX, FIX_KMAP_BEGIN_I386, KMAP_LOCAL_RULES, type KmapMachine, type KmapLocalRule } from "./linux/kmap-constants";
// mmap-handler and mmap-fault: a driver's ->mmap and vm_ops in the kernel's names: the VMA and its flags, the errnos,
// the mapping primitives, struct vm_fault and page references.
export { EPERM, ENXIO } from "./linux/errno";
export {
  VM_READ, VM_WRITE, VM_EXEC, VM_SHARED, VM_MAYREAD, VM_MAYWRITE, VM_MAYEXEC, VM_MAYSHARE, VM_IO, VM_PFNMAP, VM_DONTEXPAND,
  VM_DONTDUMP, VM_MIXEDMAP, vmFlagNames,
} from "./linux/vm-flags";
export { vmaPages, vmaPages as vma_pages, VM_FAULT_SIGBUS, VM_FAULT_NOPAGE, type Vma, type VmOperations, type VmFault, type SimFile } from "./linux/mm";
export type { Page } from "./linux/pages";
export { remap_pfn_range } from "./linux/drivers/remap-pfn-range";
export { vm_insert_page, vm_map_pages, vm_map_pages_zero } from "./linux/drivers/insert-page";
export { vm_flags_set, vm_flags_clear } from "./linux/drivers/vma-mm";
export { get_page, put_page, page_count } from "./linux/drivers/kernel-pages";
