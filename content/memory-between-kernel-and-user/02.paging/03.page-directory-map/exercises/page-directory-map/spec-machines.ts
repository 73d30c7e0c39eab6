import type { FixtureWire } from "../../../../../../contract/exercise";
import {
  buildI386Process,
  CR4_PSE,
  PhysicalMemory,
  PTE_P,
  type I386ProcessOptions,
  type Rng,
} from "../../../../../../sim/index";

// The machines the checks run on: the learner's seeded i386 process, and small hand-made page directories.

function toFixture(mem: PhysicalMemory, cr3: number, cr4: number): FixtureWire {
  const wire = mem.toWire();
  return { frames: wire.frames, bytes: wire.bytes, meta: { cr3, cr4 } };
}

/** A page directory at `cr3` (4 KB aligned) in a fresh memory, filled entry by entry. */
export class HandDirectory {
  readonly mem = new PhysicalMemory();
  constructor(readonly cr3 = 0x00001000) {}

  /** Writes PDE `index`. */
  pde(index: number, value: number): this {
    this.mem.write32(this.cr3 + index * 4, value >>> 0);
    return this;
  }

  /** Writes PTE `index` of the page table at `table` (a physical address). */
  pte(table: number, index: number, value: number): this {
    this.mem.write32(table + index * 4, value >>> 0);
    return this;
  }

  fixture(cr4 = CR4_PSE): FixtureWire {
    return toFixture(this.mem, this.cr3, cr4);
  }
}

/** The learner's (or a fresh) i386 process as a fixture; `edit` may change its tables first. */
export function processFixture(
  seed: string,
  options: I386ProcessOptions = {},
  edit?: (mem: PhysicalMemory, cr3: number) => void,
): FixtureWire {
  const process = buildI386Process(seed, options);
  edit?.(process.mem, process.cr3);
  return toFixture(process.mem, process.cr3, options.pse === false ? 0 : CR4_PSE);
}

/**
 * Flips one of P, R/W, U/S or PS in `count` present PDEs and in the first present PTE of a few page tables: the
 * spoils a fresh differential machine gets, so that every rule of the legend is exercised on real tables.
 */
export function spoil(mem: PhysicalMemory, cr3: number, rng: Rng, count: number): void {
  const present: number[] = [];
  const p = PTE_P; // a local copy: an imported binding may be a getter (tsx, vitest)
  for (let i = 0; i < 1024; i++) if (mem.read32(cr3 + i * 4) & p) present.push(i);
  for (let n = 0; n < count && present.length > 0; n++) {
    const at = cr3 + rng.pick(present) * 4;
    const pde = mem.read32(at);
    if (rng.chance(0.5) && (pde & 0x80) === 0) {
      // The table's first present PTE: flip its rights or make it not present (the next one then decides).
      const table = (pde & 0xfffff000) >>> 0;
      for (let j = 0; j < 1024; j++) {
        const pte = mem.read32(table + j * 4);
        if ((pte & p) === 0) continue;
        mem.write32(table + j * 4, (pte ^ rng.pick([0x1, 0x2, 0x4])) >>> 0);
        break;
      }
    } else {
      mem.write32(at, (pde ^ rng.pick([0x1, 0x2, 0x4, 0x80])) >>> 0);
    }
  }
}
