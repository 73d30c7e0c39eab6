import type { CheckGroup } from "../../../../../../contract/exercise";
import {
  createRng,
  CR4_PSE,
  CR4_SMAP,
  CR4_SMEP,
  PTE_P,
  PTE_PS,
  PTE_RW,
  PTE_US,
  type PhysicalMemory,
  type Rng,
} from "../../../../../../sim/index";
import { checkGroup } from "./spec";
import type { WalkInput } from "./spec-input";
import { CR0_NO_WP, HandMachine, processMachine, randomWalks } from "./spec-machines";

// Server only: the edge cases of facts §5 E2, each on a small hand-made machine, and a differential check on a
// fresh machine per submission. Entry values are Linux's: 0x067 user table, 0x063 kernel table, 0x025 user
// read-only page, 0x161 kernel read-only global page, 0x1e3 kernel 4 MB page, 0x0e7 user 4 MB page.

const SMEP = (CR4_PSE | CR4_SMEP) >>> 0;
const SMAP = (CR4_PSE | CR4_SMAP) >>> 0;
const BIT21 = 1 << 21;

type Cases = [number, WalkInput][];
const on0 = (inputs: WalkInput[]): Cases => inputs.map((input) => [0, input]);

function offsetMath(): CheckGroup {
  const m = new HandMachine().pde(0xc0000000, 0x01c00000 | 0x1e3).pde(0x40000000, 0x12c00000 | 0x0e7);
  return checkGroup(
    "4 MB page offset math",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: 0xc0000000, access: "read", user: false },
      { va: 0xc0000fff, access: "read", user: false },
      { va: 0xc0123456, access: "write", user: false },
      { va: 0xc03fffff, access: "read", user: false },
      { va: 0x402abcde, access: "read", user: true },
      { va: 0x403ff000, access: "write", user: true },
    ]),
  );
}

function highPhysical(): CheckGroup {
  const m = new HandMachine()
    .pde(0x00400000, 0x00002000 | 0x067)
    .pte(0x00401000, 0x80123000 | 0x067)
    .pte(0x00402000, 0xfffff000 | 0x067)
    .pde(0x80000000, 0xfec00000 | (0x01 << 13) | 0x1e3)
    .pde(0x84000000, 0x00400000 | (0xff << 13) | 0x0e7)
    .pde(0x88000000, 0x80000000 | (0x0f << 13) | 0x1e3);
  return checkGroup(
    "High physical addresses: bit 31 and PSE-36",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: 0x00401234, access: "read", user: true },
      { va: 0x00402fff, access: "write", user: true },
      { va: 0x80000000, access: "read", user: false },
      { va: 0x80345678, access: "write", user: false },
      { va: 0x84000010, access: "read", user: true },
      { va: 0x843fffff, access: "write", user: true },
      { va: 0x88123456, access: "read", user: false },
    ]),
  );
}

function reservedBit21(): CheckGroup {
  const m = new HandMachine()
    .pde(0xc0000000, 0x01c00000 | BIT21 | 0x1e3)
    .pde(0xd0000000, BIT21 | PTE_PS) // not present: the other bits mean nothing
    .pde(0x00400000, 0x00203000 | 0x067) // a page-table PDE whose address has bit 21 set
    .pte(0x00401000, 0x00555000 | 0x067);
  return checkGroup(
    "Reserved bit 21 in a 4 MB PDE",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: 0xc0001234, access: "read", user: false },
      { va: 0xc0001234, access: "read", user: true },
      { va: 0xc0201234, access: "write", user: true },
      { va: 0xc0000000, access: "exec", user: false, cr4: SMEP },
      { va: 0xd0000000, access: "read", user: true },
      { va: 0x00401abc, access: "write", user: true },
    ]),
  );
}

function psWithoutPse(): CheckGroup {
  const m = new HandMachine()
    .pde(0x00800000, 0x00006000 | PTE_PS | 0x067)
    .pte(0x00801000, 0x00abc000 | 0x067)
    .pde(0x00c00000, 0x00207000 | PTE_PS | 0x067)
    .pte(0x00c05000, 0x00def000 | 0x025);
  return checkGroup(
    "PS = 1 with CR4.PSE = 0 is a page table",
    1,
    "hidden",
    [m.fixture(0)],
    on0([
      { va: 0x00801234, access: "read", user: true, cr4: 0 },
      { va: 0x00801fff, access: "write", user: true, cr4: 0 },
      { va: 0x00802000, access: "read", user: true, cr4: 0 },
      { va: 0x00c05678, access: "read", user: true, cr4: 0 },
      { va: 0x00c05678, access: "write", user: true, cr4: 0 },
      { va: 0x00801234, access: "read", user: true, cr4: CR4_PSE },
      { va: 0x00c05678, access: "read", user: true, cr4: CR4_PSE },
    ]),
  );
}

function writeProtect(): CheckGroup {
  const m = new HandMachine()
    .pde(0x00400000, 0x00002000 | 0x067)
    .pte(0x00401000, 0x00111000 | 0x025)
    .pde(0xc0000000, 0x00003000 | 0x063)
    .pte(0xc0001000, 0x00222000 | 0x161)
    .pde(0xc0400000, 0x00400000 | 0x181);
  return checkGroup(
    "CR0.WP = 0 lets the kernel write read-only pages",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: 0xc0001234, access: "write", user: false, cr0: CR0_NO_WP },
      { va: 0xc0001234, access: "write", user: false },
      { va: 0x00401234, access: "write", user: false, cr0: CR0_NO_WP },
      { va: 0x00401234, access: "write", user: false },
      { va: 0x00401234, access: "write", user: true, cr0: CR0_NO_WP },
      { va: 0xc0456789, access: "write", user: false, cr0: CR0_NO_WP },
      { va: 0xc0456789, access: "write", user: false },
    ]),
  );
}

function readOnlyPde(): CheckGroup {
  const m = new HandMachine()
    .pde(0x00400000, 0x00002000 | (0x067 & ~PTE_RW))
    .pte(0x00401000, 0x00111000 | 0x067)
    .pde(0x00800000, 0x00003000 | 0x067)
    .pte(0x00801000, 0x00333000 | 0x025);
  return checkGroup(
    "Read-only PDE over a writable PTE",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: 0x00401234, access: "read", user: true },
      { va: 0x00401234, access: "write", user: true },
      { va: 0x00401234, access: "write", user: false },
      { va: 0x00401234, access: "write", user: false, cr0: CR0_NO_WP },
      { va: 0x00801234, access: "write", user: true },
    ]),
  );
}

function supervisorPde(): CheckGroup {
  const m = new HandMachine().pde(0x00400000, 0x00002000 | (0x067 & ~PTE_US)).pte(0x00401000, 0x00111000 | 0x067);
  return checkGroup(
    "Supervisor PDE over a user PTE",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: 0x00401234, access: "read", user: false },
      { va: 0x00401234, access: "read", user: true },
      { va: 0x00401234, access: "write", user: true },
      { va: 0x00401234, access: "exec", user: true },
      { va: 0x00401234, access: "read", user: false, cr4: SMAP },
      { va: 0x00401234, access: "exec", user: false, cr4: SMEP },
    ]),
  );
}

function fetches(): CheckGroup {
  const m = new HandMachine()
    .pde(0x00400000, 0x00002000 | 0x067)
    .pte(0x00401000, 0x00111000 | 0x025)
    .pde(0xc0000000, 0x00003000 | 0x063)
    .pte(0xc0001000, 0x00222000 | 0x161);
  return checkGroup(
    "Instruction fetches: I/D only with SMEP",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: 0x00401234, access: "exec", user: true },
      { va: 0x00402000, access: "exec", user: true },
      { va: 0x00402000, access: "exec", user: true, cr4: SMEP },
      { va: 0x00401234, access: "exec", user: false },
      { va: 0x00401234, access: "exec", user: false, cr4: SMEP },
      { va: 0xc0001234, access: "exec", user: false, cr4: SMEP },
      { va: 0xc0001234, access: "exec", user: true },
      { va: 0xc0001234, access: "exec", user: true, cr4: SMEP },
      { va: 0x40000000, access: "exec", user: false, cr4: SMEP },
    ]),
  );
}

function smap(): CheckGroup {
  const m = new HandMachine()
    .pde(0x00400000, 0x00002000 | 0x067)
    .pte(0x00401000, 0x00111000 | 0x067)
    .pte(0x00402000, 0x00112000 | 0x025);
  return checkGroup(
    "SMAP: EFLAGS.AC = 1 vs implicit accesses",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: 0x00401234, access: "read", user: false, cr4: SMAP },
      { va: 0x00401234, access: "read", user: false, cr4: SMAP, ac: true },
      { va: 0x00401234, access: "read", user: false, cr4: SMAP, ac: true, implicit: true },
      { va: 0x00401234, access: "write", user: false, cr4: SMAP, ac: true },
      { va: 0x00401234, access: "write", user: false, cr4: SMAP },
      { va: 0x00402234, access: "write", user: false, cr4: SMAP, ac: true },
      { va: 0x00402234, access: "write", user: false, cr4: SMAP, ac: true, cr0: CR0_NO_WP },
      { va: 0x00401234, access: "read", user: false, implicit: true },
      { va: 0x00401234, access: "exec", user: false, cr4: SMAP },
      { va: 0x00401234, access: "write", user: true, cr4: SMAP },
    ]),
  );
}

/**
 * Lowmem page tables a machine without PSE keeps besides the first and the last (sim's `lowmemTables`): its kernel
 * 4 KB pages are the same kind of entry thousands of times over, so 8 tables (8192 pages, spread over lowmem) walk
 * like all of them, while the machine stays a few dozen frames instead of up to 490 page tables.
 */
const LOWMEM_TABLES = 8;

/** A fresh process with a few entries spoiled: reserved bit 21, rights taken away, PS set where PSE ignores it. */
function freshDifferential(seed: string): CheckGroup {
  const rng = createRng(`walk-32 hidden:${seed}`);
  const pse = rng.chance(0.75);
  const options = {
    pse,
    pageOffset: rng.pick([0xc0000000, 0x80000000]),
    ramMb: rng.pick([256, 1024, 4096]),
    lowmemTables: LOWMEM_TABLES,
  };
  const edits = rng.fork("edits");
  const machine = processMachine(`walk-32 hidden:${seed}`, options, (mem, cr3) => spoil(mem, cr3, pse, edits));
  const cases = randomWalks(rng.fork("walks"), machine, 200).map((input): [number, WalkInput] => [0, input]);
  return checkGroup("Differential: 200 random walks on a fresh machine", 1, "hidden", [machine.fixture], cases);
}

function spoil(mem: PhysicalMemory, cr3: number, pse: boolean, rng: Rng): void {
  const present: number[] = [];
  const pd = mem.words(cr3 >>> 12);
  const p = PTE_P; // a local copy: an imported binding may be a getter (tsx, vitest)
  if (pd !== undefined) for (let i = 0; i < 1024; i++) if ((pd[i] ?? 0) & p) present.push(i);
  for (let n = 0; n < 6 && present.length > 0; n++) {
    const at = cr3 + rng.pick(present) * 4;
    const pde = mem.read32(at);
    const isLarge = pse && (pde & PTE_PS) !== 0;
    const change = isLarge
      ? rng.pick([BIT21, PTE_RW, PTE_US])
      : rng.pick(pse ? [PTE_RW, PTE_US] : [PTE_RW, PTE_US, PTE_PS]);
    mem.write32(at, (pde ^ change) >>> 0);
  }
}

/** The hidden checks for one submission: fixed edge cases, then the fresh-seed differential. */
export function hiddenChecks(seed: string): CheckGroup[] {
  return [
    offsetMath(),
    highPhysical(),
    reservedBit21(),
    psWithoutPse(),
    writeProtect(),
    readOnlyPde(),
    supervisorPde(),
    fetches(),
    smap(),
    freshDifferential(seed),
  ];
}
