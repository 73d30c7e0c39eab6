// The simulation core's one entry point for code outside sim/ (widgets, editor, grader, CLI, bench).
// Pure and deterministic: no I/O, no Node or DOM APIs; every random choice comes from a seed.

export { PhysicalMemory, type PageSource, type MemoryWire } from "./memory/physical-memory";
export * from "./x86/constants";
export type { Access, Cpu32, Translation32, WalkStep, WalkTrace, WalkOptions, Walk32Options, Walk32Result } from "./x86/types";
export { walk32, pse4mReservedMask } from "./x86/walk32";
export { toTraceView, type TraceView } from "./x86/trace-view";
export { decodeFlags, type EntryKind } from "./x86/flags";
export { hex } from "./x86/hex";
export { pdmap } from "./x86/pdmap";
export { pagingMode, type CpuState, type PagingMode, type PageSize, type Translation, type TranslationResult, type Walk64Options } from "./x86/cpu-state";
export { translate, type TranslateOptions } from "./x86/translate";
export { walkPae, findBadPdpte } from "./x86/walk-pae";
export { walkLong, walkLongHalves, isCanonicalHalves, splitVa } from "./x86/walk-long";
export { forEachMapping, listMappings, type Mapping, type AddressSpace } from "./x86/mappings";
export { reservedMask, type Mask64, type Entry64Kind } from "./x86/reserved-bits";
export { createRng, type Rng } from "./rng";
export { buildI386Process, type I386Process, type I386ProcessOptions, type I386Region } from "./scenarios/i386-process";
export { layoutI386, findPaI386, findVaI386, I386_PAGE_OFFSETS, type I386Layout, type I386LayoutOptions } from "./linux/layout-i386";
export * from "./linux/errno";
export * from "./linux/vm-flags";
export { PageAllocator, type Page, type PageKind } from "./linux/pages";
export { Mm, vmaPages, VM_FAULT_OOM, VM_FAULT_SIGBUS, VM_FAULT_NOPAGE, type Vma, type VmFault, type VmOperations, type SimFile, type Pte, type FaultRecord } from "./linux/mm";
export { mmap, munmap, mprotect, mremap, splitAt, fput } from "./linux/mmap";
export { fork } from "./linux/fork";
export { handlePageFault, describeOutcome, TASK_SIZE_MAX, type FaultOutcome, type FaultContext } from "./linux/page-fault";
export { touchUser, type Accessor, type PageAccess } from "./linux/user-access";
export { accessOk, TASK_SIZE_MAX_4L, TASK_SIZE_MAX_5L, type AccessOkRule, type AccessOkOptions } from "./linux/access-ok";
export { copyFromUser, copyToUser, clearUser, getUser, putUser, strncpyFromUser, kernelDereference, type UaccessOptions } from "./linux/uaccess";
