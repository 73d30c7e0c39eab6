import {
  FIX_KMAP_BEGIN_I386,
  I386_PAGE_OFFSETS,
  KmapLocal,
  kmapMachineI386,
  kmapSlotAddress,
  layoutI386,
  type KmapMachine,
  type Rng,
} from "../../../../../../sim/index";
import type { KmapOp } from "./adapter";

// The machines the checks run on and the operation sequences played on them. A Script writes operations while sim's
// own kmap_local model follows along, so that hand-made and random cases can aim at real slot addresses (the top of a
// task's stack, one below it, another CPU's) and make only the context switches the kernel could make, without knowing
// the answers in advance.

const MB = 1 << 20;
const SPLIT_NAMES: Record<number, string> = {
  0xc0000000: "3G/1G",
  0xb0000000: "3G_OPT",
  0x80000000: "2G/2G",
  0x78000000: "2G_OPT",
  0x40000000: "1G/3G",
};

export function hex(value: number): string {
  return "0x" + (value >>> 0).toString(16);
}

export interface MachineChoice {
  pageOffset?: number;
  ramMb?: number;
  pae?: boolean;
  vmallocMb?: number;
  nrCpus?: number;
  fixKmapBegin?: number;
}

/**
 * A machine from an i386 layout of a kernel with kmap_local_page (5.11 on: sim's "4.19" layout, the kmap window below
 * the LDT remap and the CPU entry area): 3G/1G, 2 GB of RAM, 4 CPUs and FIX_KMAP_BEGIN 68 unless told.
 */
export function machine(choice: MachineChoice = {}): KmapMachine {
  const layout = layoutI386({
    pageOffset: choice.pageOffset ?? 0xc0000000,
    ramBytes: (choice.ramMb ?? 2048) * MB,
    pae: choice.pae ?? false,
    era: "4.19",
    ...(choice.vmallocMb === undefined ? {} : { vmallocBytes: choice.vmallocMb * MB }),
  });
  return kmapMachineI386(layout, {
    nrCpus: choice.nrCpus ?? 4,
    fixKmapBegin: choice.fixKmapBegin ?? FIX_KMAP_BEGIN_I386,
  });
}

/** The lesson's machine: 3G/1G, 2 GB, Linux 5.11 (max_low_pfn 0x373fe), 4 CPUs, FIX_KMAP_BEGIN 68. */
export const LESSON_MACHINE = machine();

/** FIX_KMAP_BEGIN of a few configurations: with and without the IO-APIC slots and the OHCI1394 one. */
const FIX_KMAP_BEGINS = [68, 68, 69, 4, 5];

/** A machine with highmem drawn from `rng`: any split with enough RAM to overflow lowmem, PAE now and then, minCpus-4 CPUs. */
export function randomMachine(rng: Rng, minCpus = 1): KmapMachine {
  const pageOffset = rng.pick(I386_PAGE_OFFSETS);
  const pae = pageOffset % 0x40000000 === 0 && rng.chance(0.25);
  const lowmemMb = Math.floor((0x100000000 - pageOffset) / MB) - 128;
  const ramChoices = [1024, 1536, 2048, 3072, 4096, ...(pae ? [6144, 8192] : [])].filter((mb) => mb > lowmemMb + 64);
  return machine({
    pageOffset,
    ramMb: rng.pick(ramChoices),
    pae,
    nrCpus: rng.int(minCpus, 4),
    fixKmapBegin: rng.pick(FIX_KMAP_BEGINS),
  });
}

/** "3G/1G (PAGE_OFFSET 0xc0000000), max_low_pfn 0x373fe, 4 CPUs, FIX_KMAP_BEGIN 68" */
export function describeMachine(m: KmapMachine): string {
  const split = SPLIT_NAMES[m.pageOffset] ?? `PAGE_OFFSET ${hex(m.pageOffset)}`;
  return `${split} (PAGE_OFFSET ${hex(m.pageOffset)}), max_low_pfn ${hex(m.maxLowPfn)}, ${m.nrCpus} CPU${m.nrCpus === 1 ? "" : "s"}, FIX_KMAP_BEGIN ${m.fixKmapBegin}`;
}

/** Writes a case's operations while sim's model tracks each task's stack and which task each CPU runs. */
export class Script {
  readonly ops: KmapOp[] = [];
  private readonly model: KmapLocal;

  constructor(readonly machine: KmapMachine) {
    this.model = new KmapLocal(machine);
  }

  /** kmap_local_page(pfn) by the task running on `cpu`. */
  map(cpu: number, pfn: number): this {
    this.ops.push({ op: "map", cpu, pfn });
    this.model.kmapLocalPage(cpu, pfn);
    return this;
  }

  /** kunmap_local(addr) by the task running on `cpu`. */
  unmap(cpu: number, addr: number): this {
    this.ops.push({ op: "unmap", cpu, addr: addr >>> 0 });
    this.model.kunmapLocal(cpu, addr >>> 0);
    return this;
  }

  /** A context switch to `task` on `cpu`; throws (a broken check) when the kernel could not make it. */
  switchTo(cpu: number, task: number): this {
    this.ops.push({ op: "switch", cpu, task });
    this.model.switchTo(cpu, task);
    return this;
  }

  /** Whether the kernel could switch `task` in on `cpu` now (not running elsewhere, no mappings elsewhere). */
  canRun(cpu: number, task: number): boolean {
    return this.model.findScheduleConflict(cpu, task) === null;
  }

  /** The task running on `cpu`. */
  task(cpu: number): number {
    return this.model.currentTask(cpu);
  }

  /** Unmaps the running task's most recent mapping (plus `offset` bytes into its page); nothing when it has none. */
  unmapTop(cpu: number, offset = 0): this {
    const top = this.depth(cpu) === 0 ? null : this.slot(cpu, this.depth(cpu) - 1);
    return top === null ? this : this.unmap(cpu, top + offset);
  }

  /** Unmaps everything the running task has, in the right order. */
  unwind(cpu: number): this {
    while (this.depth(cpu) > 0) this.unmapTop(cpu);
    return this;
  }

  /** The depth of the task running on `cpu`: how many slots it has mapped. */
  depth(cpu: number): number {
    return this.model.mappings(cpu).length;
  }

  /** The address of the CPU's slot `idx`. */
  slot(cpu: number, idx: number): number {
    return kmapSlotAddress(this.machine, cpu, idx);
  }

  /** A highmem or a lowmem frame of the machine. */
  highPfn(rng: Rng): number {
    return rng.int(this.machine.maxLowPfn, this.machine.maxPfn - 1);
  }

  lowPfn(rng: Rng): number {
    return rng.int(0, this.machine.maxLowPfn - 1);
  }
}

/** Tasks a random schedule draws from: each CPU's first task and three more. */
function taskPool(m: KmapMachine): number[] {
  return Array.from({ length: m.nrCpus + 3 }, (_, task) => task);
}

/**
 * `count` operations drawn from `rng`: mostly nested highmem maps and correct unmaps spread over the CPUs, with
 * lowmem pages, unmaps inside a slot's page, context switches (a preempted task keeps its mappings), and now and then
 * a misuse (out of order, another CPU's slot, nothing mapped, a user address, one map past the nesting limit).
 */
export function randomOps(rng: Rng, m: KmapMachine, count: number): KmapOp[] {
  const s = new Script(m);
  const cpu = () => rng.int(0, m.nrCpus - 1);
  while (s.ops.length < count) {
    const c = cpu();
    const depth = s.depth(c);
    const roll = rng.int(0, 99);
    if (roll < 30) s.map(c, s.highPfn(rng));
    else if (roll < 39) s.map(c, s.lowPfn(rng));
    else if (roll < 64 && depth > 0) s.unmapTop(c);
    else if (roll < 64) s.map(c, s.highPfn(rng));
    else if (roll < 69) s.unmapTop(c, rng.int(1, 4095));
    else if (roll < 73) s.unmap(c, m.pageOffset + s.lowPfn(rng) * 4096 + rng.int(0, 4095));
    else if (roll < 79 && depth >= 2) s.unmap(c, s.slot(c, rng.int(0, depth - 2)));
    else if (roll < 82 && m.nrCpus > 1) s.unmap(c, s.slot((c + 1) % m.nrCpus, 0));
    else if (roll < 85) s.unmap(c, s.slot(c, depth));
    else if (roll < 87) s.unmap(c, rng.int(0, m.pageOffset - 1));
    else if (roll < 89) {
      while (s.depth(c) < m.kmMaxIdx - 1 && s.ops.length < count - 1) s.map(c, s.highPfn(rng));
      s.map(c, s.highPfn(rng));
    } else if (roll < 91) s.unwind(c);
    else {
      const ready = taskPool(m).filter((t) => t !== s.task(c) && s.canRun(c, t));
      if (ready.length > 0) s.switchTo(c, rng.pick(ready));
      else s.map(c, s.highPfn(rng));
    }
  }
  return s.ops.slice(0, count);
}
