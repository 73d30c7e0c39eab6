import type { FixtureWire } from "../../../../../../contract/exercise";
import {
  buildX8664Process,
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_PAE,
  CR4_PGE,
  CR4_SMAP,
  CR4_SMEP,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
  EFER_SCE,
  listMappings,
  PhysicalMemory,
  PTE_P,
  type Mapping,
  type Rng,
  type X8664ProcessOptions,
} from "../../../../../../sim/index";
import { vaHex, type WalkInput } from "./spec-input";

// The machines the checks run on: the learner's seeded x86-64 process, and small hand-made page tables for edge cases.

/** CR0 with PG, WP and PE: the fixtures' default; a case clears WP through its input. */
export const CR0_DEFAULT = (CR0_PG | CR0_WP | CR0_PE) >>> 0;
export const CR0_NO_WP = (CR0_PG | CR0_PE) >>> 0;
/** CR4 with PAE and PGE; cases switch SMEP and SMAP on through their input. */
export const CR4_DEFAULT = CR4_PAE | CR4_PGE;
export const CR4_SMEP_ON = (CR4_DEFAULT | CR4_SMEP) >>> 0;
export const CR4_SMAP_ON = (CR4_DEFAULT | CR4_SMAP) >>> 0;
export const CR4_BOTH = (CR4_DEFAULT | CR4_SMEP | CR4_SMAP) >>> 0;
/** Long mode with NXE, as Linux runs; a case clears NXE through its input. */
export const EFER_DEFAULT = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
export const EFER_NO_NXE = EFER_SCE | EFER_LME | EFER_LMA;
/** MAXPHYADDR of the public machine: a common Intel value (CPUID 0x80000008 EAX[7:0]). */
export const MAXPHYADDR_DEFAULT = 46;

const NX = 1n << 63n;
const ADDRESS = 0x000ffffffffff000n;

function toFixture(mem: PhysicalMemory, meta: FixtureWire["meta"]): FixtureWire {
  const wire = mem.toWire();
  return { frames: wire.frames, bytes: wire.bytes, meta };
}

/** A PML4 at 0x1000 in a fresh memory; tables for new paths come from 0x2000 up, entries are written as bigints. */
export class HandMachine {
  readonly mem = new PhysicalMemory();
  readonly cr3 = 0x1000;
  private nextTable = 0x2000;

  /**
   * Writes `value` as the entry for `va` at `level` (3 = PML4E ... 0 = PTE), following the entries above it and
   * creating those that are not present with `tableFlags` (0x067: _PAGE_TABLE, user and writable).
   */
  set(va: bigint, level: number, value: bigint, tableFlags = 0x067n): this {
    let table = BigInt(this.cr3);
    for (let l = 3; l > level; l--) {
      const address = Number(table + ((va >> BigInt(12 + 9 * l)) & 511n) * 8n);
      let entry = this.mem.read64(address);
      if ((entry & 1n) === 0n) {
        entry = BigInt(this.nextTable) | tableFlags;
        this.nextTable += 0x1000;
        this.mem.write64(address, entry);
      }
      table = entry & ADDRESS;
    }
    this.mem.write64(Number(table + ((va >> BigInt(12 + 9 * level)) & 511n) * 8n), value);
    return this;
  }

  /** A fresh, empty table's physical address (for an entry written with `set`). */
  table(): bigint {
    const address = BigInt(this.nextTable);
    this.nextTable += 0x1000;
    return address;
  }

  /**
   * A leaf at `level` for `va` through fresh tables: the entries above get `flags[0]` (PML4E), `flags[1]`... each
   * with a new table's address (flags must include P), the leaf is `leaf`. Use distinct PML4 slots per path.
   */
  path(va: bigint, flags: bigint[], leaf: bigint): this {
    const level = 3 - flags.length;
    flags.forEach((f, i) => this.set(va, 3 - i, this.table() | f));
    return this.set(va, level, leaf);
  }

  fixture(maxPhyAddr = 52): FixtureWire {
    return toFixture(this.mem, { cr0: CR0_DEFAULT, cr3: this.cr3, cr4: CR4_DEFAULT, efer: EFER_DEFAULT, maxPhyAddr });
  }
}

/** A seeded x86-64 process as a fixture, with its leaves for choosing addresses. */
export interface ProcessMachine {
  fixture: FixtureWire;
  mem: PhysicalMemory;
  cr3: number;
  /** Every present leaf, sorted by VA, with rights combined over the levels. */
  leaves: Mapping[];
}

/** The process built from `seed`; `edit` may change its page tables before the fixture is taken. */
export function processMachine(
  seed: string,
  options: X8664ProcessOptions = {},
  maxPhyAddr = MAXPHYADDR_DEFAULT,
  edit?: (mem: PhysicalMemory, cr3: number) => void,
): ProcessMachine {
  const process = buildX8664Process(seed, options);
  edit?.(process.mem, process.cr3);
  const meta = { cr0: CR0_DEFAULT, cr3: process.cr3, cr4: CR4_DEFAULT, efer: EFER_DEFAULT, maxPhyAddr };
  const leaves = listMappings(
    process.mem,
    { mode: "4-level", cr3: process.cr3, cr4: CR4_DEFAULT, efer: EFER_DEFAULT },
    { maxPhyAddr },
  );
  return { fixture: toFixture(process.mem, meta), mem: process.mem, cr3: process.cr3, leaves };
}

/** The leaves of `machine` that satisfy `test`; throws when there are none (a broken scenario, not a learner error). */
export function requireLeaves(machine: ProcessMachine, what: string, test: (m: Mapping) => boolean): Mapping[] {
  const found = machine.leaves.filter(test);
  if (found.length === 0) throw new Error(`walk-64: the seeded process has no ${what}`);
  return found;
}

/** A VA inside `leaf` at a random offset (never its first byte when `inside`). */
export function within(rng: Rng, leaf: Mapping, inside = true): string {
  return vaHex(leaf.va + BigInt(rng.int(inside ? 1 : 0, leaf.size - 1)));
}

/** The first canonical user VA (a 512 GB slot) whose PML4E is not present. */
export function findAbsentPml4e(machine: ProcessMachine): bigint {
  const present = PTE_P;
  for (let i = 1; i < 256; i++) if ((machine.mem.read32(machine.cr3 + i * 8) & present) === 0) return BigInt(i) << 39n;
  throw new Error("walk-64: the seeded process has no empty user PML4E");
}

/**
 * `count` random walks on a machine: mostly inside present pages (some at page edges), some at random canonical
 * addresses of either half, a few non-canonical; every access kind, user and kernel, and now and then WP off, SMEP,
 * SMAP, AC, an implicit access or NXE off. Inputs name only the registers that differ from the fixture's.
 */
export function randomWalks(rng: Rng, machine: ProcessMachine, count: number): WalkInput[] {
  // Kernel pages outnumber the process's own; drawing from both halves alike keeps user pages in play.
  const halves = [machine.leaves.filter((m) => m.user), machine.leaves.filter((m) => !m.user)].filter(
    (h) => h.length > 0,
  );
  const inputs: WalkInput[] = [];
  for (let i = 0; i < count; i++) {
    const user = rng.chance(0.5);
    const input: WalkInput = {
      va: vaHex(randomAddress(rng, halves)),
      access: rng.pick(["read", "read", "write", "exec"] as const),
      user,
    };
    if (rng.chance(0.2)) input.cr0 = CR0_NO_WP;
    if (rng.chance(0.3)) input.cr4 = rng.pick([CR4_SMEP_ON, CR4_SMAP_ON, CR4_BOTH]);
    if (rng.chance(0.1)) input.efer = EFER_NO_NXE;
    if (!user && rng.chance(0.3)) input.ac = true;
    if (!user && rng.chance(0.1)) input.implicit = true;
    inputs.push(input);
  }
  return inputs;
}

function randomAddress(rng: Rng, halves: Mapping[][]): bigint {
  const roll = rng.int(0, 19);
  const random48 = () => (BigInt(rng.nextU32() & 0xffff) << 32n) | BigInt(rng.nextU32());
  if (roll === 0) return (BigInt(rng.nextU32()) << 32n) | BigInt(rng.nextU32()); // almost surely non-canonical
  if (roll < 3 || halves.length === 0) {
    const va = random48();
    return va & 0x800000000000n ? va | 0xffff000000000000n : va; // canonical, either half
  }
  const leaf = rng.pick(rng.pick(halves));
  const size = BigInt(leaf.size);
  if (roll < 7) return BigInt.asUintN(64, leaf.va + rng.pick([0n, size - 1n, size, -1n])); // edges, just outside
  return leaf.va + BigInt(rng.int(0, leaf.size - 1));
}

/** Flips one bit in each of a few present entries along real paths (PML4E, PDPTE or PDE of either half). */
export function spoil(mem: PhysicalMemory, cr3: number, maxPhy: number, rng: Rng): void {
  const entries: number[] = [];
  const collect = (table: number, level: number) => {
    for (let i = 0; i < 512; i++) {
      const lo = mem.read32(table + i * 8);
      if ((lo & 1) === 0) continue;
      entries.push(table + i * 8);
      const hi = mem.read32(table + i * 8 + 4);
      if (level > 1 && (lo & 0x80) === 0) collect((hi & 0xfffff) * 2 ** 32 + ((lo & 0xfffff000) >>> 0), level - 1);
    }
  };
  collect(cr3, 3);
  for (let n = 0; n < 8 && entries.length > 0; n++) {
    const at = rng.pick(entries);
    const change = rng.pick(["xd", "us", "rw", "ps", "high"] as const);
    if (change === "xd") mem.write32(at + 4, (mem.read32(at + 4) ^ 0x80000000) >>> 0);
    else if (change === "high") mem.write32(at + 4, (mem.read32(at + 4) | (1 << (Math.min(maxPhy, 51) - 32))) >>> 0);
    else mem.write32(at, (mem.read32(at) ^ { us: 0x4, rw: 0x2, ps: 0x80 }[change]) >>> 0);
  }
}

/** Bit 63 as the entries carry it, for hand-made machines. */
export const PTE_XD = NX;
