import type { KmapLocalRule, KmapMachine } from "@pagewise/sim";

// Emulate kmap_local_page() and kunmap_local() on an i386 kernel with highmem. The prompt gives every formula.
//
// machine.pageOffset    PAGE_OFFSET: lowmem frame p is mapped at pageOffset + p * 4096
// machine.maxLowPfn     max_low_pfn: frames below it are lowmem, frames from it on are highmem
// machine.maxPfn        the end of RAM in frames (every pfn you are given is below it)
// machine.fixaddrTop    FIXADDR_TOP (0xfffff000): __fix_to_virt(x) = fixaddrTop - x * 4096
// machine.fixKmapBegin  FIX_KMAP_BEGIN: the fixmap index of CPU 0's first slot
// machine.nrCpus        CPUs 0 .. nrCpus-1, each with its own kmMaxIdx slot addresses; CPU c starts with task c
// machine.kmMaxIdx      KM_MAX_IDX (16): slots per CPU; a task nests kmMaxIdx - 1 mappings at most

export type MapResult = { ok: true; addr: number } | { ok: false; rule: KmapLocalRule };
export type UnmapResult = { ok: true } | { ok: false; rule: KmapLocalRule };

export interface KmapLocalEmulator {
  /** kmap_local_page(page) by the task running on `cpu`: the address for frame `pfn`, or the rule it breaks. */
  kmapLocalPage(cpu: number, pfn: number): MapResult;
  /** kunmap_local(addr) by the task running on `cpu`: undo a mapping, or the rule it breaks (then change nothing). */
  kunmapLocal(cpu: number, addr: number): UnmapResult;
  /** A context switch: from now on `task` runs on `cpu`. */
  switchTo(cpu: number, task: number): void;
}

/** A fresh emulator for `machine`: CPU c runs task c, and no task has a slot mapped. */
export function createKmapLocal(machine: KmapMachine): KmapLocalEmulator {
  // For now: one global counter, every page gets a slot, every unmap is accepted and a context switch changes
  // nothing. What belongs to the task, and what to the CPU? What do lowmem pages need? Which slot may kunmap_local
  // undo, how deep may a task nest, and what are the rules "nesting-limit", "unmap-order", "unmap-empty" and
  // "unmap-user-address" for?
  let used = 0;
  return {
    kmapLocalPage(_cpu, _pfn) {
      const addr = machine.fixaddrTop - (machine.fixKmapBegin + used) * 4096;
      used++;
      return { ok: true, addr };
    },
    kunmapLocal(_cpu, _addr) {
      if (used > 0) used--;
      return { ok: true };
    },
    switchTo(_cpu, _task) {},
  };
}
