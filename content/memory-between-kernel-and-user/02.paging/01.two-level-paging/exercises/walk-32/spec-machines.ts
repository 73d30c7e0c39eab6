import type { FixtureWire } from "../../../../../kit/exercise";
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
  pa: number;
  size: 4096 | 4194304;
  user: boolean;
  writable: boolean;
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
export function listLeaves(mem: PhysicalMemory, cr3: number, pse: boolean): Leaf[] {
  const leaves: Leaf[] = [];
  const pdBase = (cr3 & 0xfffff000) >>> 0;
  for (let i = 0; i < 1024; i++) {
    const pde = mem.read32(pdBase + i * 4);
    if ((pde & PTE_P) === 0) continue;
    const va = i * 4194304;
    if (pse && (pde & PTE_PS) !== 0) {
      leaves.push({
        va,
        pa: (pde & 0xffc00000) >>> 0,
        size: 4194304,
        user: (pde & PTE_US) !== 0,
        writable: (pde & PTE_RW) !== 0,
      });
      continue;
    }
    const ptBase = (pde & 0xfffff000) >>> 0;
    for (let j = 0; j < 1024; j++) {
      const pte = mem.read32(ptBase + j * 4);
      if ((pte & PTE_P) === 0) continue;
      const rights = pde & pte;
      leaves.push({
        va: va + j * 4096,
        pa: (pte & 0xfffff000) >>> 0,
        size: 4096,
        user: (rights & PTE_US) !== 0,
        writable: (rights & PTE_RW) !== 0,
      });
    }
  }
  return leaves;
}

/** A seeded i386 process as a fixture, with its leaves and page directory for choosing addresses. */
export interface ProcessMachine {
  fixture: FixtureWire;
  mem: PhysicalMemory;
  cr3: number;
  pse: boolean;
  pageOffset: number;
  leaves: Leaf[];
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
  const halves = [machine.leaves.filter((l) => l.user), machine.leaves.filter((l) => !l.user)].filter(
    (h) => h.length > 0,
  );
  const inputs: WalkInput[] = [];
  for (let i = 0; i < count; i++) {
    const user = rng.chance(0.5);
    const input: WalkInput = {
      va: randomAddress(rng, halves.length > 0 ? rng.pick(halves) : []),
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

function randomAddress(rng: Rng, leaves: Leaf[]): number {
  const roll = rng.int(0, 9);
  if (roll < 2 || leaves.length === 0) return rng.nextU32();
  const leaf = rng.pick(leaves);
  if (roll < 4) return (leaf.va + rng.pick([0, leaf.size - 1, leaf.size, -1])) >>> 0; // edges and just outside
  return leaf.va + rng.int(0, leaf.size - 1);
}
