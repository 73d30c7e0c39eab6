// The constants, machine description and rule names of the highmem mapping APIs (kmap, kmap_local_page,
// kmap_atomic), apart from their model so that learners can import them without the model (sim/learner-api.ts).

/**
 * KM_MAX_IDX: kmap_local/kmap_atomic slots per CPU, 16 without CONFIG_DEBUG_KMAP_LOCAL (include/asm-generic/
 * kmap_size.h). kmap_local_idx_push (mm/highmem.c, Linux 5.11 on) increments current->kmap_ctrl.idx and then checks
 * BUG_ON(current->kmap_ctrl.idx >= KM_MAX_IDX), so a task can nest KM_MAX_IDX - 1 = 15 mappings: the 16th BUGs.
 */
export const KM_MAX_IDX = 16;

/**
 * FIX_KMAP_BEGIN on i386 with CONFIG_X86_LOCAL_APIC and CONFIG_X86_IO_APIC (MAX_IO_APICS = 64) and without
 * CONFIG_PROVIDE_OHCI1394_DMA_INIT: FIX_HOLE, FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE and 64 IO-APIC
 * slots come first in enum fixed_addresses (arch/x86/include/asm/fixmap.h). It moves with the configuration [R].
 */
export const FIX_KMAP_BEGIN_I386 = 68;

/**
 * What a kmap_local model needs to know about the machine, as plain numbers (32-bit addresses, frame numbers).
 * A slot's address is __fix_to_virt(FIX_KMAP_BEGIN + idx) = fixaddrTop - ((fixKmapBegin + idx) << 12), with
 * idx = depth + KM_MAX_IDX * cpu (mm/highmem.c, kmap_local_calc_idx): the depth of the task that maps
 * (current->kmap_ctrl.idx before the push), the CPU it runs on.
 */
export interface KmapMachine {
  /** PAGE_OFFSET: lowmem frame p is at pageOffset + (p << 12). */
  pageOffset: number;
  /** max_low_pfn: frames below it are lowmem (direct-mapped); from it on they are highmem. */
  maxLowPfn: number;
  /** The end of RAM in frames: frames from it on have no struct page. */
  maxPfn: number;
  /** FIXADDR_TOP: the fixmap's top page, index 0 (0xfffff000 on i386). */
  fixaddrTop: number;
  fixKmapBegin: number;
  /** NR_CPUS: the fixmap holds KM_MAX_IDX slots for each of CPUs 0 .. nrCpus - 1. */
  nrCpus: number;
  kmMaxIdx: number;
}

/** Why a call was refused: each names the kernel check (a WARN or a BUG) that the misuse would hit. */
export type KmapRule =
  | "nesting-limit"
  | "unmap-order"
  | "unmap-empty"
  | "unmap-user-address"
  | "sleep-in-atomic"
  | "atomic-unbalanced"
  | "kmap-would-block"
  | "kunmap-unbalanced"
  | "no-struct-page";

/** The rules a kmap_local_page/kunmap_local emulator enforces (the kmap-local exercise's answers). */
export const KMAP_LOCAL_RULES = ["nesting-limit", "unmap-order", "unmap-empty", "unmap-user-address"] as const;
export type KmapLocalRule = (typeof KMAP_LOCAL_RULES)[number];

/** Each rule in the kernel's words: the check in mm/highmem.c or include/linux/highmem*.h that fires. */
export const KMAP_RULE_TEXT: Readonly<Record<KmapRule, string>> = {
  "nesting-limit":
    "BUG_ON(current->kmap_ctrl.idx >= KM_MAX_IDX) in kmap_local_idx_push, after the increment: a task nests KM_MAX_IDX - 1 mappings at most",
  "unmap-order":
    "WARN_ON_ONCE(addr != __fix_to_virt(FIX_KMAP_BEGIN + idx)) in kunmap_local_indexed: not the task's most recent mapping",
  "unmap-empty": "BUG_ON(current->kmap_ctrl.idx < 0) in kmap_local_idx_pop: the task has no kmap_local mapping to undo",
  "unmap-user-address": "WARN_ON_ONCE(addr < PAGE_OFFSET) in kunmap_local_indexed: a user address was never kmapped",
  "sleep-in-atomic": "BUG: sleeping function called from invalid context (might_sleep with preemption disabled)",
  "atomic-unbalanced": "kunmap_atomic without kmap_atomic: the preempt and pagefault-disable counts would go negative",
  "kmap-would-block": "kmap: every pkmap entry is in use, the caller sleeps on pkmap_map_wait until a kunmap",
  "kunmap-unbalanced": "BUG in kunmap_high: the page has no kmap() mapping left to release",
  "no-struct-page": "the frame is beyond RAM: it has no struct page to map",
};

/** A mapping's address (highmem slots record which slot), or the rule that refused it. */
export type KmapResult = { ok: true; addr: number; slot: number | null } | KmapRefusal;
/** An unmap (slot: which slot was freed, null when none was needed), or the rule that refused it. */
export type KunmapResult = { ok: true; slot: number | null } | KmapRefusal;
export interface KmapRefusal {
  ok: false;
  rule: KmapRule;
  message: string;
}

/** A refusal with the kernel's words and the case's details. */
export function refuse(rule: KmapRule, detail: string): KmapRefusal {
  return { ok: false, rule, message: `${detail}: ${KMAP_RULE_TEXT[rule]}` };
}
