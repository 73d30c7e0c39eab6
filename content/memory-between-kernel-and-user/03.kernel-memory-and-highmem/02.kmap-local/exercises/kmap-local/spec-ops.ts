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
// CPU's stack, one below it, another CPU's) without knowing the answers in advance.

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
  era?: "2.6" | "3.x";
  nrCpus?: number;
  fixKmapBegin?: number;
}

/** A machine from an i386 layout: 3G/1G, 2 GB of RAM, a 3.x kernel, 4 CPUs and FIX_KMAP_BEGIN 68 unless told. */
export function machine(choice: MachineChoice = {}): KmapMachine {
  const layout = layoutI386({
    pageOffset: choice.pageOffset ?? 0xc0000000,
    ramBytes: (choice.ramMb ?? 2048) * MB,
    pae: choice.pae ?? false,
    era: choice.era ?? "3.x",
  });
  return kmapMachineI386(layout, {
    nrCpus: choice.nrCpus ?? 4,
    fixKmapBegin: choice.fixKmapBegin ?? FIX_KMAP_BEGIN_I386,
  });
}

/** The lesson's machine: 3G/1G, 2 GB, 3.x kernel (max_low_pfn 0x377fe), 4 CPUs, FIX_KMAP_BEGIN 68. */
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
    era: rng.pick(["2.6", "3.x"] as const),
    nrCpus: rng.int(minCpus, 4),
    fixKmapBegin: rng.pick(FIX_KMAP_BEGINS),
  });
}

/** "3G/1G, max_low_pfn 0x377fe, 4 CPUs, FIX_KMAP_BEGIN 68" */
export function describeMachine(m: KmapMachine): string {
  const split = SPLIT_NAMES[m.pageOffset] ?? `PAGE_OFFSET ${hex(m.pageOffset)}`;
  return `${split} (PAGE_OFFSET ${hex(m.pageOffset)}), max_low_pfn ${hex(m.maxLowPfn)}, ${m.nrCpus} CPU${m.nrCpus === 1 ? "" : "s"}, FIX_KMAP_BEGIN ${m.fixKmapBegin}`;
}

/** Writes a case's operations while sim's model tracks each CPU's stack. */
export class Script {
  readonly ops: KmapOp[] = [];
  private readonly model: KmapLocal;

  constructor(readonly machine: KmapMachine) {
    this.model = new KmapLocal(machine);
  }

  /** kmap_local_page(pfn) on `cpu`. */
  map(cpu: number, pfn: number): this {
    this.ops.push({ op: "map", cpu, pfn });
    this.model.kmapLocalPage(cpu, pfn);
    return this;
  }

  /** kunmap_local(addr) on `cpu`. */
  unmap(cpu: number, addr: number): this {
    this.ops.push({ op: "unmap", cpu, addr: addr >>> 0 });
    this.model.kunmapLocal(cpu, addr >>> 0);
    return this;
  }

  /** Unmaps the CPU's most recent mapping (plus `offset` bytes into its page); nothing when it has none. */
  unmapTop(cpu: number, offset = 0): this {
    const top = this.depth(cpu) === 0 ? null : this.slot(cpu, this.depth(cpu) - 1);
    return top === null ? this : this.unmap(cpu, top + offset);
  }

  /** Unmaps everything the CPU has, in the right order. */
  unwind(cpu: number): this {
    while (this.depth(cpu) > 0) this.unmapTop(cpu);
    return this;
  }

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

/**
 * `count` operations drawn from `rng`: mostly nested highmem maps and correct unmaps spread over the CPUs, with
 * lowmem pages, unmaps inside a slot's page, and now and then a misuse (out of order, another CPU's slot, nothing
 * mapped, a user address, one map past KM_MAX_IDX).
 */
export function randomOps(rng: Rng, m: KmapMachine, count: number): KmapOp[] {
  const s = new Script(m);
  const cpu = () => rng.int(0, m.nrCpus - 1);
  while (s.ops.length < count) {
    const c = cpu();
    const depth = s.depth(c);
    const roll = rng.int(0, 99);
    if (roll < 34) s.map(c, s.highPfn(rng));
    else if (roll < 44) s.map(c, s.lowPfn(rng));
    else if (roll < 72 && depth > 0) s.unmapTop(c);
    else if (roll < 72) s.map(c, s.highPfn(rng));
    else if (roll < 77) s.unmapTop(c, rng.int(1, 4095));
    else if (roll < 82) s.unmap(c, m.pageOffset + s.lowPfn(rng) * 4096 + rng.int(0, 4095));
    else if (roll < 88 && depth >= 2) s.unmap(c, s.slot(c, rng.int(0, depth - 2)));
    else if (roll < 91 && m.nrCpus > 1) s.unmap(c, s.slot((c + 1) % m.nrCpus, 0));
    else if (roll < 94) s.unmap(c, s.slot(c, depth));
    else if (roll < 96) s.unmap(c, rng.int(0, m.pageOffset - 1));
    else if (roll < 98) {
      while (s.depth(c) < m.kmMaxIdx && s.ops.length < count - 1) s.map(c, s.highPfn(rng));
      s.map(c, s.highPfn(rng));
    } else s.unwind(c);
  }
  return s.ops.slice(0, count);
}
