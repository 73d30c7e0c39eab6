// kmap_local_page/kunmap_local and kmap_atomic/kunmap_atomic as mm/highmem.c implements them on i386 (facts §2.1):
// a stack of fixmap slots per CPU, used in stack order; lowmem pages return their direct-map address and take no
// slot; kmap_atomic also disables preemption and page faults, so nothing may sleep until kunmap_atomic.

import type { I386Layout } from "./layout-i386";
import {
  FIX_KMAP_BEGIN_I386,
  KM_MAX_IDX,
  refuse,
  type KmapMachine,
  type KmapRefusal,
  type KmapResult,
  type KunmapResult,
} from "./kmap-constants";

const PAGE_SHIFT = 12;
const PAGE_MASK = 0xfffff000;

/**
 * The kmap machine of an i386 layout: PAGE_OFFSET, max_low_pfn and the end of RAM from the layout, FIXADDR_TOP,
 * and `nrCpus` CPUs (default 4) whose slots start at FIX_KMAP_BEGIN (default FIX_KMAP_BEGIN_I386). Throws when the
 * slots of the last CPU would fall below FIXADDR_START (no kernel builds such a fixmap).
 */
export function kmapMachineI386(
  layout: I386Layout,
  options: { nrCpus?: number; fixKmapBegin?: number } = {},
): KmapMachine {
  const machine: KmapMachine = {
    pageOffset: layout.pageOffset,
    maxLowPfn: Math.floor(layout.lowmemBytes / 4096),
    maxPfn: Math.floor((layout.lowmemBytes + layout.highmemBytes) / 4096),
    fixaddrTop: layout.fixaddrTop,
    fixKmapBegin: options.fixKmapBegin ?? FIX_KMAP_BEGIN_I386,
    nrCpus: options.nrCpus ?? 4,
    kmMaxIdx: KM_MAX_IDX,
  };
  const lowest = fixToVirt(machine, machine.fixKmapBegin + machine.kmMaxIdx * machine.nrCpus - 1);
  if (
    !Number.isSafeInteger(machine.nrCpus) ||
    machine.nrCpus < 1 ||
    machine.fixKmapBegin < 1 ||
    lowest < layout.fixaddrStart
  ) {
    throw new RangeError(`the kmap slots of ${machine.nrCpus} CPUs do not fit in the fixmap`);
  }
  return machine;
}

/** __fix_to_virt(x) = FIXADDR_TOP - (x << PAGE_SHIFT). */
export function fixToVirt(machine: KmapMachine, index: number): number {
  return machine.fixaddrTop - index * 2 ** PAGE_SHIFT;
}

/** The address of slot `idx` (0 = the first a CPU uses) of `cpu`: kmap_local_calc_idx, then __fix_to_virt. */
export function kmapSlotAddress(machine: KmapMachine, cpu: number, idx: number): number {
  return fixToVirt(machine, machine.fixKmapBegin + idx + machine.kmMaxIdx * cpu);
}

/** One live kmap_local mapping of a CPU's stack. */
export interface LocalMapping {
  addr: number;
  pfn: number;
}

/**
 * Per-CPU kmap_local slot stacks and kmap_atomic's preemption/pagefault-disable depth. Misuse returns the rule it
 * breaks and changes nothing (the kernel WARNs and carries on, or BUGs; see docs/decisions/0030).
 */
export class KmapLocal {
  readonly machine: KmapMachine;
  private readonly stacks: LocalMapping[][];
  private readonly atomicDepth: number[];

  constructor(machine: KmapMachine) {
    this.machine = machine;
    this.stacks = Array.from({ length: machine.nrCpus }, () => []);
    this.atomicDepth = Array.from({ length: machine.nrCpus }, () => 0);
  }

  /** kmap_local_page(page) on `cpu`: the direct-map address of a lowmem page, else the next slot of the CPU. */
  kmapLocalPage(cpu: number, pfn: number): KmapResult {
    const stack = this.stackOf(cpu);
    const m = this.machine;
    if (!Number.isSafeInteger(pfn) || pfn < 0 || pfn >= m.maxPfn) return refuse("no-struct-page", `pfn ${pfn}`);
    if (pfn < m.maxLowPfn) return { ok: true, addr: m.pageOffset + pfn * 4096, slot: null };
    if (stack.length >= m.kmMaxIdx) {
      return refuse(
        "nesting-limit",
        `kmap_local_page(pfn 0x${pfn.toString(16)}) on CPU ${cpu} with ${stack.length} slots mapped`,
      );
    }
    const slot = stack.length;
    const addr = kmapSlotAddress(m, cpu, slot);
    stack.push({ addr, pfn });
    return { ok: true, addr, slot };
  }

  /**
   * kunmap_local(addr) on `cpu`: frees the CPU's most recent slot when `addr` lies in its page. An address outside
   * every CPU's slots needs no unmap (a lowmem page's), except a user address, which the kernel WARNs about.
   */
  kunmapLocal(cpu: number, addr: number): KunmapResult {
    const stack = this.stackOf(cpu);
    const m = this.machine;
    const page = (addr & PAGE_MASK) >>> 0;
    const what = `kunmap_local(0x${(addr >>> 0).toString(16)}) on CPU ${cpu}`;
    const lowestSlot = kmapSlotAddress(m, m.nrCpus - 1, m.kmMaxIdx - 1);
    if (page < lowestSlot || page > kmapSlotAddress(m, 0, 0)) {
      return addr >>> 0 < m.pageOffset ? refuse("unmap-user-address", what) : { ok: true, slot: null };
    }
    const top = stack.at(-1);
    if (top === undefined) return refuse("unmap-empty", what);
    if (page !== top.addr) {
      return refuse("unmap-order", `${what}, whose most recent mapping is 0x${top.addr.toString(16)}`);
    }
    stack.pop();
    return { ok: true, slot: stack.length };
  }

  /** kmap_atomic(page): preempt_disable and pagefault_disable (for lowmem pages too), then kmap_local_page. */
  kmapAtomic(cpu: number, pfn: number): KmapResult {
    const mapped = this.kmapLocalPage(cpu, pfn);
    if (mapped.ok) this.atomicDepth[cpu] = this.atomicOf(cpu) + 1;
    return mapped;
  }

  /** kunmap_atomic(addr): kunmap_local, then pagefault_enable and preempt_enable. */
  kunmapAtomic(cpu: number, addr: number): KunmapResult {
    if (this.atomicOf(cpu) === 0)
      return refuse("atomic-unbalanced", `kunmap_atomic(0x${(addr >>> 0).toString(16)}) on CPU ${cpu}`);
    const unmapped = this.kunmapLocal(cpu, addr);
    if (unmapped.ok) this.atomicDepth[cpu] = this.atomicOf(cpu) - 1;
    return unmapped;
  }

  /** might_sleep() on `cpu` (mutex_lock, GFP_KERNEL, copy_from_user, kmap ...): refused between kmap_atomic and kunmap_atomic. */
  mightSleep(cpu: number, what: string): { ok: true } | KmapRefusal {
    return this.atomicOf(cpu) > 0
      ? refuse("sleep-in-atomic", `${what} on CPU ${cpu} inside kmap_atomic`)
      : { ok: true };
  }

  /** Whether `cpu` runs with preemption and page faults disabled by kmap_atomic (a fault there is not handled). */
  inAtomic(cpu: number): boolean {
    return this.atomicOf(cpu) > 0;
  }

  /** The CPU's live mappings, oldest first. */
  mappings(cpu: number): readonly LocalMapping[] {
    return this.stackOf(cpu).map((m) => ({ ...m }));
  }

  /** The frame `addr` reaches on `cpu`: a slot maps only for the CPU (and thread) that mapped it; lowmem for all. */
  findPfn(cpu: number, addr: number): number | null {
    const m = this.machine;
    const a = addr >>> 0;
    if (a >= m.pageOffset && a < m.pageOffset + m.maxLowPfn * 4096) return Math.floor((a - m.pageOffset) / 4096);
    return this.stackOf(cpu).find((s) => s.addr === (a & PAGE_MASK) >>> 0)?.pfn ?? null;
  }

  private stackOf(cpu: number): LocalMapping[] {
    const stack = this.stacks[cpu];
    if (stack === undefined) throw new RangeError(`CPU ${cpu} does not exist (nrCpus ${this.machine.nrCpus})`);
    return stack;
  }

  private atomicOf(cpu: number): number {
    this.stackOf(cpu);
    return this.atomicDepth[cpu] ?? 0;
  }
}
