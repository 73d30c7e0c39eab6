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
export type { CpuState, PageSize, Translation, TranslationResult, Walk64Options } from "./x86/cpu-state";
export {
  PAGING_FORMATS, PAGING_FORMAT_BY_ID, pagingMode, pagingFormat, matchesRegisters, type PagingFormat, type KnownPagingFormat, type PagingFormatId,
  type PagingMode, type PagingLevel, type PagingDemo, type DemoMachine, type EntryLayout, type LinuxArch, type SelectingBit, type FormatWalk,
  type FormatWalkInto,
} from "./paging-formats";
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
export { buildX8664Process, type X8664Process, type X8664ProcessOptions, type X8664Region } from "./scenarios/x86-64-process";
export { buildPaeProcess, type PaeProcess, type PaeProcessOptions, type PaeRegion } from "./scenarios/pae-process";
export { layoutX8664, classifyX8664, paX8664, vaX8664, findPaX8664, findVaX8664, START_KERNEL_MAP, VSYSCALL_ADDR, MODULES_END, FIXADDR_START_DEFAULT, type X8664Layout, type X8664LayoutOptions, type X8664Levels, type X8664RegionName, type X8664RegionRange } from "./linux/layout-x86-64";
export { zonesI386, zonesX8664, findZone, pageHighMem, MAX_DMA_PFN, MAX_DMA32_PFN, type Zone, type ZoneName } from "./linux/zones";
export * from "./linux/kmap-constants";
export { KmapLocal, kmapMachineI386, kmapSlotAddress, fixToVirt, type LocalMapping } from "./linux/kmap-local";
export { PkmapPool } from "./linux/kmap";
export { alloc_page, alloc_pages, allocContiguous, adopt_pages, get_page, put_page, page_count, findPageOwner } from "./linux/drivers/kernel-pages";
export { bindVmaMm, findVmaMm, vm_flags_set, vm_flags_clear, is_cow_mapping } from "./linux/drivers/vma-mm";
export { remap_pfn_range, io_remap_pfn_range, vm_iomap_memory } from "./linux/drivers/remap-pfn-range";
export { vm_insert_page, vm_map_pages, vm_map_pages_zero } from "./linux/drivers/insert-page";
export { vmalloc, vmalloc_user, vfree, find_vm_area, vmalloc_to_page, remap_vmalloc_range, VMALLOC_START, type VmallocArea } from "./linux/drivers/vmalloc";
export { dma_alloc_coherent, dma_free_coherent, dma_mmap_coherent, DIRECT_MAP_BASE, type DmaDevice, type CoherentBuffer } from "./linux/drivers/dma-coherent";
export { openDevice, exit_mmap, type Driver } from "./linux/drivers/device-file";
export { HANDLER_BUGS, buggyHandlerSource, decideBuggy, fitsBuffer, buggyDriver, readOnlyDriver, type HandlerBug, type DriverBuffer, type HandlerDecision } from "./linux/drivers/buggy-handlers";
export { createFaultDriver, type FaultDriver, type FaultBufferState } from "./linux/drivers/fault-driver";
export { SampleRing, SAMPLE_RING_BYTES, SAMPLE_RING_PAGES, SAMPLE_RING_SAMPLES } from "./linux/drivers/sample-ring";
export { walk32Into } from "./x86/walk32";
export { walkPaeInto } from "./x86/walk-pae";
export { walkLongInto } from "./x86/walk-long";
export { walkInto } from "./x86/translate";
export { createWalkRecord, toTranslation, decodeLeaf, WALK_OK, WALK_PF, WALK_GP, LEAF_USER, LEAF_WRITABLE, LEAF_NX, LEAF_DIRTY, LEAF_GLOBAL, type WalkRecord, type WalkStatus, type LeafDetails } from "./x86/walk-record";
export { Tlb, type TlbEntry } from "./x86/tlb";
export { buildMmPageTables, releaseMmPageTables, type MmPagingFormatId, type MmPageTables, type MmPageTablesOptions, type MmPageTablesResult } from "./linux/mm-page-tables";
export { readOnlyView, type ReadObserver, type ReadSize } from "./memory/read-only-view";
export { buildUserSpace, parseUserSpace, type UserSpace, type UserSpacePte, type UserSpaceVma } from "./linux/user-space-wire";
export {
  CRED_SIZE, CRED_JAR_OBJECT_SIZE, CREDS_PER_SLAB_PAGE, SLUB_FREEPTR_OFFSET, CAP_LAST_CAP, CAP_FULL_SET, CRED_FIELDS, CRED_ID_NAMES, CRED_CAP_NAMES,
  CRED_POINTER_NAMES, credFieldAt, readCred, writeCred, encodeCred, plainIds, loginCaps, directMapPointer, type CredField, type CredFieldRole, type CredValues,
  type CredIdName, type CredCapName, type CredPointerName,
} from "./linux/exploit/cred-layout";
export { ID_LIMIT, TASK_COMM_LEN, type Task } from "./linux/exploit/victim-contents";
export {
  EXPLOIT_BUGS, VICTIM_RAM_BYTES, RAW_PFN_SCAN_END, SCAN_PAGES, U32_WRAP_PAGES, INT_NEGATIVE_PAGES, resolveDevice, buildVictimMachine, type ExploitBug,
  type VictimDevice, type ResolvedDevice, type VictimMachine, type FrameRole, type CredSlot,
} from "./linux/exploit/victim-machine";
export { EXPLOIT_LIMITS, VictimProcess, ProcessKilled, toHex, fromHex, type TranscriptOp, type ProcessKill, type MmapRecord, type DeviceInfo } from "./linux/exploit/victim-process";
export { replayExploit, describeTask, describeAddress, type ExploitVerdict, type KernelDamage, type OtherCredRewrite } from "./linux/exploit/exploit-replay";
