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
