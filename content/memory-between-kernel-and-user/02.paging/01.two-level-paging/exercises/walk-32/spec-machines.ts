import type { FixtureWire } from "../../../../../../contract/exercise";
import {
  buildI386Process,
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_PSE,
  CR4_SMAP,
  CR4_SMEP,
  PhysicalMemory,
  PTE_P,
  PTE_PS,
  PTE_RW,
  PTE_US,
  type I386ProcessOptions,
  type Rng,
} from "../../../../../../sim/index";
import type { WalkInput } from "./spec-input";

// The machines the checks run on: the learner's seeded i386 process, and small hand-made page tables for edge cases.

/** CR0 with PG, WP and PE: the fixtures' default; a case clears WP through its input. */
export const CR0_DEFAULT = (CR0_PG | CR0_WP | CR0_PE) >>> 0;
export const CR0_NO_WP = (CR0_PG | CR0_PE) >>> 0;

/** A present leaf mapping, with rights combined across both levels. */
export interface Leaf {
  va: number;
  size: 4096 | 4194304;
  user: boolean;
  writable: boolean;
}

/** The bits of a packed leaf beside its page number. */
export const LEAF_LARGE = 1;
export const LEAF_USER = 2;
export const LEAF_WRITABLE = 4;

/**
 * Present leaves by address, without an object per leaf (a machine without PSE has hundreds of thousands): leaf i
 * is `(va >>> 12) * 8 + bits` in one Uint32Array. Objects are made only for the leaves a check names.
 */
export class Leaves {
  constructor(private readonly packed: Uint32Array) {}

  get length(): number {
    return this.packed.length;
  }

  at(index: number): Leaf {
    const word = this.packed[index];
    if (word === undefined) throw new RangeError(`walk-32: no leaf ${index} of ${this.packed.length}`);
    return {
      va: (word >>> 3) * 4096,
      size: word & LEAF_LARGE ? 4194304 : 4096,
      user: (word & LEAF_USER) !== 0,
      writable: (word & LEAF_WRITABLE) !== 0,
    };
  }

  /** A uniformly random leaf, drawing from `rng` exactly as `rng.pick` on an array of the leaves would. */
  pick(rng: Rng): Leaf {
    return this.at(rng.int(0, this.packed.length - 1));
  }

  /** The leaves whose bits under `mask` equal `bits`, still by address. */
  where(mask: number, bits: number): Leaves {
    let count = 0;
    for (const word of this.packed) if ((word & mask) === bits) count++;
    const out = new Uint32Array(count);
    let n = 0;
    for (const word of this.packed) if ((word & mask) === bits) out[n++] = word;
    return new Leaves(out);
  }

  /** Whether a leaf starts at `va` (binary search: leaves are sorted by address). */
  startsAt(va: number): boolean {
    const page = va >>> 12;
    let lo = 0;
    let hi = this.packed.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = (this.packed[mid] ?? 0) >>> 3;
      if (at === page) return true;
      if (at < page) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** A page directory at `cr3` in a fresh memory, filled entry by entry; registers default to PG|WP and PSE. */
export class HandMachine {
  readonly mem = new PhysicalMemory();
  constructor(readonly cr3 = 0x00001000) {}

  /** Writes the PDE that covers `va`. */
  pde(va: number, value: number): this {
    this.mem.write32(this.cr3 + (va >>> 22) * 4, value >>> 0);
    return this;
  }

  /** Writes the PTE for `va` into the table the PDE for `va` points to (whatever its PS bit says). */
  pte(va: number, value: number): this {
    const pde = this.mem.read32(this.cr3 + (va >>> 22) * 4);
    this.mem.write32(((pde & 0xfffff000) >>> 0) + ((va >>> 12) & 0x3ff) * 4, value >>> 0);
    return this;
  }

  fixture(cr4 = CR4_PSE): FixtureWire {
    return toFixture(this.mem, { cr0: CR0_DEFAULT, cr3: this.cr3, cr4, ac: false, user: false });
  }
}

function toFixture(mem: PhysicalMemory, meta: FixtureWire["meta"]): FixtureWire {
  const wire = mem.toWire();
  return { frames: wire.frames, bytes: wire.bytes, meta };
}

/** Every present leaf of a 32-bit address space, by address: what a differential check picks addresses from. */
export function listLeaves(mem: PhysicalMemory, cr3: number, pse: boolean): Leaves {
  // Module-local copies: an imported binding may be a getter (tsx, vitest), and these loops read them 10^5 times.
  const present = PTE_P;
  const large = pse ? PTE_PS : 0;
  const pd = mem.words(cr3 >>> 12);
  if (pd === undefined) return new Leaves(new Uint32Array(0));
  // Two passes over the tables (count, then fill) so the one array is allocated at its final size.
  let count = 0;
  for (let i = 0; i < 1024; i++) {
    const pde = pd[i] ?? 0;
    if ((pde & present) === 0) continue;
    if ((pde & large) !== 0) {
      count++;
      continue;
    }
    const pt = mem.words(pde >>> 12);
    if (pt !== undefined) for (let j = 0; j < 1024; j++) count += (pt[j] ?? 0) & present;
  }
  const packed = new Uint32Array(count);
  const user = PTE_US;
  const writable = PTE_RW;
  const bits = (rights: number) => (rights & user ? LEAF_USER : 0) + (rights & writable ? LEAF_WRITABLE : 0);
  let n = 0;
  for (let i = 0; i < 1024; i++) {
    const pde = pd[i] ?? 0;
    if ((pde & present) === 0) continue;
    if ((pde & large) !== 0) {
      packed[n++] = i * 1024 * 8 + LEAF_LARGE + bits(pde);
      continue;
    }
    const pt = mem.words(pde >>> 12);
    if (pt === undefined) continue;
    for (let j = 0; j < 1024; j++) {
      const pte = pt[j] ?? 0;
      if ((pte & present) !== 0) packed[n++] = (i * 1024 + j) * 8 + bits(pde & pte);
    }
  }
  return new Leaves(packed);
}

/** A seeded i386 process as a fixture, with its leaves and page directory for choosing addresses. */
export interface ProcessMachine {
  fixture: FixtureWire;
  mem: PhysicalMemory;
  cr3: number;
  pse: boolean;
  pageOffset: number;
  leaves: Leaves;
}

/** The process built from `seed`; `edit` may change its page tables before the fixture is taken. */
export function processMachine(
  seed: string,
  options: I386ProcessOptions = {},
  edit?: (mem: PhysicalMemory, cr3: number) => void,
): ProcessMachine {
  const process = buildI386Process(seed, options);
  edit?.(process.mem, process.cr3);
  const pse = options.pse ?? true;
  const meta = { cr0: CR0_DEFAULT, cr3: process.cr3, cr4: pse ? CR4_PSE : 0, ac: false, user: true };
  return {
    fixture: toFixture(process.mem, meta),
    mem: process.mem,
    cr3: process.cr3,
    pse,
    pageOffset: options.pageOffset ?? 0xc0000000,
    leaves: listLeaves(process.mem, process.cr3, pse),
  };
}

/**
 * `count` random walks on a machine: mostly inside present pages (some at page edges), some anywhere; every access
 * kind, user and kernel, and now and then WP off, SMEP, SMAP, AC or an implicit access. Inputs name only the
 * registers that differ from the fixture's.
 */
export function randomWalks(rng: Rng, machine: ProcessMachine, count: number): WalkInput[] {
  // Kernel pages outnumber the process's own by far; drawing from both halves alike keeps user pages in play.
  const halves = [machine.leaves.where(LEAF_USER, LEAF_USER), machine.leaves.where(LEAF_USER, 0)].filter(
    (h) => h.length > 0,
  );
  const inputs: WalkInput[] = [];
  for (let i = 0; i < count; i++) {
    const user = rng.chance(0.5);
    const input: WalkInput = {
      va: randomAddress(rng, halves.length > 0 ? rng.pick(halves) : undefined),
      access: rng.pick(["read", "read", "write", "exec"] as const),
      user,
    };
    if (rng.chance(0.2)) input.cr0 = CR0_NO_WP;
    if (rng.chance(0.3)) {
      const base = machine.pse ? CR4_PSE : 0;
      input.cr4 = (base | (rng.chance(0.5) ? CR4_SMEP : 0) | (rng.chance(0.6) ? CR4_SMAP : 0)) >>> 0;
    }
    if (!user && rng.chance(0.3)) input.ac = true;
    if (!user && rng.chance(0.1)) input.implicit = true;
    inputs.push(input);
  }
  return inputs;
}

function randomAddress(rng: Rng, leaves: Leaves | undefined): number {
  const roll = rng.int(0, 9);
  if (roll < 2 || leaves === undefined || leaves.length === 0) return rng.nextU32();
  const leaf = leaves.pick(rng);
  if (roll < 4) return (leaf.va + rng.pick([0, leaf.size - 1, leaf.size, -1])) >>> 0; // edges and just outside
  return leaf.va + rng.int(0, leaf.size - 1);
}
