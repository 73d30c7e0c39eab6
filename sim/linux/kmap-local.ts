// kmap_local_page/kunmap_local and kmap_atomic/kunmap_atomic as mm/highmem.c implements them on i386 since Linux 5.11
// (facts §2.1): each task keeps a stack of mappings (current->kmap_ctrl), in fixmap slots whose addresses belong to the
// CPU it runs on; lowmem pages return their direct-map address and take no slot; kmap_atomic also disables preemption
// and page faults, so nothing may sleep until kunmap_atomic.

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

/** One live kmap_local mapping of a task: the slot's address on the task's CPU and the frame it maps. */
export interface LocalMapping {
  addr: number;
  pfn: number;
}

/** A task's struct kmap_ctrl: its mappings in stack order (idx is their count), and the CPU they were made on. */
interface TaskKmaps {
  cpu: number | null;
  stack: LocalMapping[];
}

/**
 * kmap_local_page and kmap_atomic since Linux 5.11 (mm/highmem.c): the nesting depth and the saved PTEs belong to the
 * task (current->kmap_ctrl), the slot addresses to the CPU it runs on. Every CPU runs one task at a time (at first,
 * CPU c runs task c); switchTo is a context switch, whose kmap_local_sched_out/sched_in clear the outgoing task's
 * slots and restore the incoming one's, so two tasks on one CPU reuse the same addresses for different frames.
 * Misuse returns the rule it breaks and changes nothing (the kernel WARNs and carries on, or BUGs; see
 * docs/decisions/0030); a schedule the kernel cannot make throws.
 */
export class KmapLocal {
  readonly machine: KmapMachine;
  /** The task each CPU runs. */
  private readonly current: number[];
  private readonly tasks = new Map<number, TaskKmaps>();
  /** kmap_atomic's preempt_disable/pagefault_disable depth, per CPU. */
  private readonly atomicDepth: number[];

  constructor(machine: KmapMachine) {
    this.machine = machine;
    this.current = Array.from({ length: machine.nrCpus }, (_, cpu) => cpu);
    this.atomicDepth = Array.from({ length: machine.nrCpus }, () => 0);
  }

  /**
   * kmap_local_page(page) by the task running on `cpu`: the direct-map address of a lowmem page, else the slot
   * FIX_KMAP_BEGIN + depth + KM_MAX_IDX * cpu. kmap_local_idx_push increments the depth, then BUG_ON(idx >=
   * KM_MAX_IDX): with KM_MAX_IDX slots per CPU, a task's KM_MAX_IDX-th nested mapping is refused.
   */
  kmapLocalPage(cpu: number, pfn: number): KmapResult {
    const task = this.taskOn(cpu);
    const m = this.machine;
    if (!Number.isSafeInteger(pfn) || pfn < 0 || pfn >= m.maxPfn) return refuse("no-struct-page", `pfn ${pfn}`);
    if (pfn < m.maxLowPfn) return { ok: true, addr: m.pageOffset + pfn * 4096, slot: null };
    const kmaps = this.kmapsOf(task);
    if (kmaps.stack.length + 1 >= m.kmMaxIdx) {
      return refuse(
        "nesting-limit",
        `kmap_local_page(pfn 0x${pfn.toString(16)}) by task ${task} on CPU ${cpu} with ${kmaps.stack.length} slots mapped`,
      );
    }
    const slot = kmaps.stack.length;
    const addr = kmapSlotAddress(m, cpu, slot);
    kmaps.stack.push({ addr, pfn });
    kmaps.cpu = cpu;
    return { ok: true, addr, slot };
  }

  /**
   * kunmap_local(addr) by the task running on `cpu`: frees its most recent slot when `addr` lies in its page. An
   * address outside every CPU's slots needs no unmap (a lowmem page's), except a user address, which the kernel WARNs
   * about.
   */
  kunmapLocal(cpu: number, addr: number): KunmapResult {
    const task = this.taskOn(cpu);
    const m = this.machine;
    const page = (addr & PAGE_MASK) >>> 0;
    const what = `kunmap_local(0x${(addr >>> 0).toString(16)}) by task ${task} on CPU ${cpu}`;
    const lowestSlot = kmapSlotAddress(m, m.nrCpus - 1, m.kmMaxIdx - 1);
    if (page < lowestSlot || page > kmapSlotAddress(m, 0, 0)) {
      return addr >>> 0 < m.pageOffset ? refuse("unmap-user-address", what) : { ok: true, slot: null };
    }
    const kmaps = this.kmapsOf(task);
    const top = kmaps.stack.at(-1);
    if (top === undefined) return refuse("unmap-empty", what);
    if (page !== top.addr) {
      return refuse("unmap-order", `${what}, whose most recent mapping is 0x${top.addr.toString(16)}`);
    }
    kmaps.stack.pop();
    if (kmaps.stack.length === 0) kmaps.cpu = null;
    return { ok: true, slot: kmaps.stack.length };
  }

  /**
   * A context switch on `cpu` to `task` (any non-negative integer names a task). Throws when the kernel could not
   * make it: the task runs on another CPU, its mappings were made on another CPU (kmap_local_page disabled its
   * migration), or the CPU is inside kmap_atomic (preemption disabled).
   */
  switchTo(cpu: number, task: number): void {
    const conflict = this.findScheduleConflict(cpu, task);
    if (conflict !== null) throw new RangeError(conflict);
    this.current[cpu] = task;
  }

  /** Why `task` cannot be switched in on `cpu` now, or null when it can. */
  findScheduleConflict(cpu: number, task: number): string | null {
    this.taskOn(cpu);
    if (!Number.isSafeInteger(task) || task < 0) return `task ${task} is not a task number`;
    const running = this.current.indexOf(task);
    if (running >= 0 && running !== cpu) return `task ${task} is running on CPU ${running}`;
    const home = this.tasks.get(task)?.cpu ?? null;
    if (home !== null && home !== cpu)
      return `task ${task} holds kmap_local mappings on CPU ${home}: it cannot migrate`;
    if (this.inAtomic(cpu)) return `CPU ${cpu} is inside kmap_atomic: preemption is disabled`;
    return null;
  }

  /** The task running on `cpu`. */
  currentTask(cpu: number): number {
    return this.taskOn(cpu);
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

  /** The live mappings of the task running on `cpu`, oldest first. */
  mappings(cpu: number): readonly LocalMapping[] {
    return this.mappingsOf(this.taskOn(cpu));
  }

  /** The live mappings of `task`, running or not, oldest first. */
  mappingsOf(task: number): readonly LocalMapping[] {
    return (this.tasks.get(task)?.stack ?? []).map((m) => ({ ...m }));
  }

  /**
   * The frame `addr` reaches on `cpu`: lowmem for everyone; a slot only for the task that mapped it, while it runs
   * there (its PTEs are cleared when it is switched out).
   */
  findPfn(cpu: number, addr: number): number | null {
    const m = this.machine;
    const a = addr >>> 0;
    if (a >= m.pageOffset && a < m.pageOffset + m.maxLowPfn * 4096) return Math.floor((a - m.pageOffset) / 4096);
    return this.mappings(cpu).find((s) => s.addr === (a & PAGE_MASK) >>> 0)?.pfn ?? null;
  }

  private taskOn(cpu: number): number {
    const task = this.current[cpu];
    if (task === undefined) throw new RangeError(`CPU ${cpu} does not exist (nrCpus ${this.machine.nrCpus})`);
    return task;
  }

  private kmapsOf(task: number): TaskKmaps {
    let kmaps = this.tasks.get(task);
    if (kmaps === undefined) {
      kmaps = { cpu: null, stack: [] };
      this.tasks.set(task, kmaps);
    }
    return kmaps;
  }

  private atomicOf(cpu: number): number {
    this.taskOn(cpu);
    return this.atomicDepth[cpu] ?? 0;
  }
}
