import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng, CR4_PSE } from "../../../../../../sim/index";
import { checkGroup } from "./spec";
import { HandDirectory, processFixture, spoil } from "./spec-machines";

// Server only: the edge cases of facts §5 E1, each on a small hand-made page directory, and a differential check on
// a fresh process per submission. Entry values are Linux's where it has one: 0x067 user table, 0x063 kernel table,
// 0x025 user read-only page, 0x067 user written page, 0x163 kernel page, 0x1e3 kernel 4 MB page.

/** PS = 1 in PDEs whose tables hold present PTEs: with CR4.PSE = 0 they are page tables like any other. */
function psWithoutPse(): CheckGroup {
  const d = new HandDirectory()
    .pde(32, 0x00010000 | 0x0e7)
    .pte(0x00010000, 0x48, 0x00123000 | 0x025)
    .pde(33, 0x00011000 | 0x0e7) // its table is empty
    .pde(768, 0x00012000 | 0x1e3)
    .pte(0x00012000, 0, 0x00000000 | 0x163)
    .pde(900, 0x38400000 | 0x1e3); // a 4 MB kernel page with PSE, a table at 0x38400000 (empty) without
  return checkGroup("PS = 1 with CR4.PSE = 0 is a page table", 1, "hidden", [d.fixture(0)], [[0, { cr4: 0 }]]);
}

function notPresentGarbage(): CheckGroup {
  const d = new HandDirectory()
    .pde(1, 0xfffffffe)
    .pde(2, 0x000100e6) // PS, US, RW, A, D: all meaningless without P
    .pde(3, 0x00010000 | 0x066)
    .pte(0x00010000, 0, 0x00222000 | 0x067) // the table a P = 0 PDE names is never read
    .pde(4, 0x00013000 | 0x067) // one present neighbour, so that an all-"." map does not pass
    .pte(0x00013000, 0, 0x00333000 | 0x067)
    .pde(800, 0xc0000000 | 0x1e2)
    .pde(1023, 0x00011000 | 0x062);
  return checkGroup('P = 0 with garbage bits is "."', 1, "hidden", [d.fixture()], [[0, {}]]);
}

function readOnlySupervisorLarge(): CheckGroup {
  const d = new HandDirectory();
  for (let i = 0; i < 64; i++) d.pde(768 + i, ((i * 4194304) | 0x1e1) >>> 0); // P|A|D|PS|G, no RW: still X
  d.pde(832, 0x10000000 | 0x181).pde(833, 0x10400000 | 0x1e3);
  return checkGroup("RW = 0 supervisor 4 MB pages are X", 1, "hidden", [d.fixture()], [[0, {}]]);
}

function userLarge(): CheckGroup {
  const d = new HandDirectory()
    .pde(16, 0x04000000 | 0x0e5) // user read-only
    .pde(17, 0x04400000 | 0x0e7) // user read/write
    .pde(18, 0x04800000 | 0x0a5) // user read-only, D clear
    .pde(19, 0x04c00000 | 0x087) // user read/write, A and D clear
    .pde(20, 0x05000000 | 0x0e3); // supervisor
  return checkGroup("User 4 MB pages: R and *", 1, "hidden", [d.fixture()], [[0, {}]]);
}

function userPdeInKernel(): CheckGroup {
  const d = new HandDirectory()
    .pde(768, 0x00010000 | 0x067) // U/S = 1 in the PDE, supervisor PTE: still x
    .pte(0x00010000, 0, 0x00000000 | 0x163)
    .pde(769, 0x00011000 | 0x067)
    .pte(0x00011000, 5, 0x00401000 | 0x067) // U/S = 1 in both: +
    .pde(770, 0x00012000 | 0x067)
    .pte(0x00012000, 9, 0x00402000 | 0x165) // user read-only (the vsyscall style): r
    .pde(1000, 0x3a000000 | 0x1e7); // a user 4 MB page in the kernel range: *
  return checkGroup("A U/S = 1 PDE in the kernel range", 1, "hidden", [d.fixture()], [[0, {}]]);
}

function allZero(): CheckGroup {
  const d = new HandDirectory(0x00005000);
  d.mem.write32(0x00004ffc, 0x00010067); // the word before the directory: not part of it
  d.mem.write32(0x00006000, 0x00010067); // nor the word after
  d.pte(0x00010000, 0, 0x00001067);
  return checkGroup(
    "An all-zero page directory",
    1,
    "hidden",
    [d.fixture()],
    [
      [0, {}],
      [0, { cr4: 0 }],
    ],
  );
}

function firstPresentPte(): CheckGroup {
  const d = new HandDirectory()
    .pde(64, 0x00010000 | 0x067)
    .pte(0x00010000, 0, 0x00555066) // not present, with garbage
    .pte(0x00010000, 700, 0x00556025) // the first present one: user read-only
    .pte(0x00010000, 701, 0x00557067)
    .pde(65, 0x00011000 | 0x067)
    .pte(0x00011000, 1023, 0x00558163) // only the very last PTE: supervisor
    .pde(66, 0x00012000 | 0x065) // PDE read-only over a writable PTE: r
    .pte(0x00012000, 3, 0x00559067)
    .pde(67, 0x00013000 | 0x063) // PDE supervisor over a user PTE: x
    .pte(0x00013000, 3, 0x0055a067)
    .pde(68, 0x00014000 | 0x067)
    .pte(0x00014000, 2, 0x0055b067)
    .pte(0x00014000, 3, 0x0055c025);
  return checkGroup(
    "The first present PTE decides, and rights combine (PDE AND PTE)",
    1,
    "hidden",
    [d.fixture()],
    [
      [0, {}],
      [0, { cr4: 0 }],
    ],
  );
}

function emptyTables(): CheckGroup {
  const d = new HandDirectory()
    .pde(128, 0x00010000 | 0x067)
    .pde(129, 0x00011000 | 0x063)
    .pde(130, 0x00012000 | 0x067);
  for (let j = 0; j < 1024; j += 7) d.pte(0x00010000, j, ((j << 12) | 0x066) >>> 0); // all P = 0
  d.pte(0x00012000, 1023, 0x00777067);
  return checkGroup('A page table with no present entry is "."', 1, "hidden", [d.fixture()], [[0, {}]]);
}

function cr3LowBits(): CheckGroup {
  const d = new HandDirectory(0x00007000).pde(768, 0x00000000 | 0x1e3).pde(769, 0x00400000 | 0x1e3);
  d.mem.write32(0x00007018, 0x00800000 | 0x1e7); // PDE 6: user 4 MB page
  d.mem.write32(0x00008000, 0x00c00000 | 0x1e7); // the next frame is not the directory
  return checkGroup(
    "The directory is at CR3 & 0xFFFFF000",
    1,
    "hidden",
    [d.fixture()],
    [
      [0, { cr3: 0x00007018 }],
      [0, { cr3: 0x00007fff }],
    ],
  );
}

/** A fresh process, with a few PDEs and PTEs spoiled, drawn with its own CR4 and with PSE switched. */
function freshDifferential(seed: string): CheckGroup {
  const rng = createRng(`page-directory-map hidden:${seed}`);
  const pse = rng.chance(0.7);
  const options = {
    pse,
    pageOffset: rng.pick([0xc0000000, 0x80000000, 0xb0000000]),
    // Drawn without PSE, each 4 MB lowmem page is read as a page table: 1024 reads of a frame that is almost always
    // absent, the same "." again and again (~220 of them at 1 GB were 96% of a submission's reads). With PSE the
    // RAM stays small enough that a few dozen such tables still meet the frames the process's tables live in.
    ramMb: rng.pick(pse ? [64, 128, 256] : [256, 1024, 3072]),
    lowmemTables: 12,
  };
  const fixture = processFixture(`page-directory-map hidden:${seed}`, options, (mem, cr3) =>
    spoil(mem, cr3, rng.fork("spoil"), 16),
  );
  return checkGroup(
    "Differential: a fresh process with spoiled entries, with and without PSE",
    1,
    "hidden",
    [fixture],
    [
      [0, {}],
      [0, { cr4: pse ? 0 : CR4_PSE }],
    ],
  );
}

/** The hidden checks for one submission: fixed edge cases, then the fresh-seed differential. */
export function hiddenChecks(seed: string): CheckGroup[] {
  return [
    psWithoutPse(),
    notPresentGarbage(),
    readOnlySupervisorLarge(),
    userLarge(),
    userPdeInKernel(),
    allZero(),
    firstPresentPte(),
    emptyTables(),
    cr3LowBits(),
    freshDifferential(seed),
  ];
}
