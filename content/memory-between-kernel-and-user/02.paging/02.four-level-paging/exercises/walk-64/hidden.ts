import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import { checkGroup } from "./spec";
import type { WalkInput } from "./spec-input";
import {
  CR0_NO_WP,
  CR4_SMAP_ON,
  CR4_SMEP_ON,
  EFER_NO_NXE,
  HandMachine,
  processMachine,
  PTE_XD,
  randomWalks,
  spoil,
} from "./spec-machines";

// Server only: the edge cases of facts §5 E4, each on a small hand-made machine, then a differential check on a
// fresh machine per submission. Entry values are Linux's where Linux has one: 0x067 user table, 0x063 kernel table,
// 0x025 user read-only page, 0x067 user written page, 0x1e3 kernel large page, 0x0e7 user large page; NX is bit 63.

const XD = PTE_XD;
const on0 = (inputs: WalkInput[]): [number, WalkInput][] => inputs.map((input) => [0, input]);
const T = 0x67n; // _PAGE_TABLE
const K = 0x63n; // _KERNPG_TABLE

function gpLowHole(): CheckGroup {
  // PML4 slot 256 is mapped for 0xffff800000000000; 0x0000800000000000 has the same indices but is not canonical.
  const m = new HandMachine().path(0xffff800000000000n, [T, T, T], 0x5000n | 0x067n);
  return checkGroup(
    "Non-canonical 0x0000800000000000 raises #GP(0)",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: "0xffff800000000000", access: "read", user: false },
      { va: "0x0000800000000000", access: "read", user: false },
      { va: "0x0000800000000000", access: "write", user: true },
      { va: "0x0000800000000000", access: "exec", user: false },
      { va: "0x0000800000000abc", access: "read", user: true },
    ]),
  );
}

function gpHighHole(): CheckGroup {
  // The top user page's path (255/511/511/511) is mapped; 0xffff7fffffffffff has the same indices, non-canonical.
  const m = new HandMachine().path(0x00007ffffffff000n, [T, T, T], 0x6000n | 0x067n);
  return checkGroup(
    "Non-canonical 0xffff7fffffffffff raises #GP(0)",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: "0xffff7fffffffffff", access: "read", user: false },
      { va: "0xffff7fffffffffff", access: "write", user: true },
      { va: "0xffff7ffffffff000", access: "exec", user: true },
      { va: "0xfffe800000000000", access: "read", user: false },
    ]),
  );
}

function topUserPage(): CheckGroup {
  const mapped = new HandMachine().path(0x00007ffffffff000n, [T, T, T], 0x7000n | 0x025n);
  const empty = new HandMachine();
  return checkGroup(
    "0x00007ffffffff000 is canonical: walked, not #GP",
    1,
    "hidden",
    [mapped.fixture(), empty.fixture()],
    [
      [0, { va: "0x00007ffffffff000", access: "read", user: true }],
      [0, { va: "0x00007fffffffffff", access: "read", user: true }],
      [0, { va: "0x00007ffffffff123", access: "write", user: true }],
      [0, { va: "0x00007ffffffff000", access: "exec", user: true }],
      [1, { va: "0x00007ffffffff000", access: "read", user: true }],
      [1, { va: "0x00007ffffffff000", access: "write", user: false }],
    ],
  );
}

function gbPages(): CheckGroup {
  const m = new HandMachine()
    .path(0xffff888000000000n, [K], 0x0000000440000000n | 0x1e3n | 0x1000n | XD) // PAT (bit 12) is not address
    .path(0x0000004000000000n, [T], 0x0000000fc0000000n | 0x0e7n);
  return checkGroup(
    "1 GB pages (PS = 1 in a PDPTE)",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: "0xffff888000000000", access: "read", user: false },
      { va: "0xffff88803fffffff", access: "write", user: false },
      { va: "0xffff888012345678", access: "read", user: false },
      { va: "0x0000004000000000", access: "read", user: true },
      { va: "0x000000403abcdef0", access: "write", user: true },
      { va: "0x0000004012345678", access: "exec", user: true },
      { va: "0x0000004040000000", access: "read", user: true },
    ]),
  );
}

function mbPages(): CheckGroup {
  const m = new HandMachine()
    .path(0xffffffff81000000n, [K, K], 0x0000000301000000n | 0x1e1n | 0x1000n) // kernel text, RX, PAT set
    .path(0x0000555555400000n, [T, T], 0x0000000012600000n | 0x0e7n | XD);
  return checkGroup(
    "2 MB pages (PS = 1 in a PDE)",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: "0xffffffff81000000", access: "exec", user: false },
      { va: "0xffffffff811fffff", access: "read", user: false },
      { va: "0xffffffff81123456", access: "write", user: false },
      { va: "0x0000555555400000", access: "write", user: true },
      { va: "0x00005555555fffff", access: "read", user: true },
      { va: "0x0000555555512345", access: "exec", user: true },
      { va: "0x0000555555600000", access: "read", user: true },
    ]),
  );
}

function fourKPages(): CheckGroup {
  // Bit 7 of a PTE is PAT, not PS; bits 9-11 and 52-62 are ignored; the frame may be far above 4 GB.
  const m = new HandMachine()
    .path(0x00007f0000001000n, [T, T, T], 0x0000123456789000n | 0x0e7n | 0xe00n)
    .path(0x00007e0000002000n, [T, T, T], 0x000ffffffffff000n | 0x025n | (0x7ffn << 52n))
    .path(0xffffc90000003000n, [K, K, K], 0x0000000080000000n | 0x163n | XD);
  return checkGroup(
    "4 KB pages: PAT in bit 7, ignored bits, frames above 4 GB",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: "0x00007f0000001abc", access: "read", user: true },
      { va: "0x00007f0000001fff", access: "write", user: true },
      { va: "0x00007e0000002000", access: "read", user: true },
      { va: "0x00007e0000002ff8", access: "exec", user: true },
      { va: "0xffffc90000003010", access: "write", user: false },
    ]),
  );
}

function psInPml4e(): CheckGroup {
  const m = new HandMachine().path(0x0000100000000000n, [T | 0x80n, T, T], 0x8000n | 0x067n);
  m.set(0x0000200000000000n, 3, 0x0000000040000000n | 0x0e6n); // PS = 1 but P = 0: not present, not reserved
  return checkGroup(
    "PS = 1 in a PML4E is reserved (RSVD)",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: "0x0000100000000000", access: "read", user: true },
      { va: "0x0000100000000123", access: "write", user: false },
      { va: "0x0000100000000000", access: "exec", user: false },
      { va: "0x0000200000000000", access: "read", user: true },
    ]),
  );
}

function maxPhyAddr(): CheckGroup {
  const m = new HandMachine()
    .path(0x0000000000400000n, [T, T, T], (1n << 36n) | 0x9000n | 0x067n) // PA bit 36 in a PTE
    .path(0x0000008000000000n, [T, T], (1n << 40n) | 0xa000n | 0x067n) // PA bit 40 in a page-table PDE
    .path(0x0000010000000000n, [T, T, T], 0x000000000b000000n | 0x067n | (1n << 51n)); // bit 51
  return checkGroup(
    "MAXPHYADDR: address bits 51:M are reserved",
    1,
    "hidden",
    [m.fixture(36)],
    on0([
      { va: "0x0000000000400000", access: "read", user: true },
      { va: "0x0000000000400abc", access: "read", user: true, maxPhyAddr: 52 },
      { va: "0x0000008000001000", access: "write", user: false },
      { va: "0x0000008000001000", access: "write", user: false, maxPhyAddr: 41 },
      { va: "0x0000010000000000", access: "read", user: false, maxPhyAddr: 51 },
      { va: "0x0000010000000010", access: "read", user: false, maxPhyAddr: 52 },
    ]),
  );
}

function executeDisable(): CheckGroup {
  const page = 0x0000000000c00000n | 0x025n;
  const m = new HandMachine()
    .path(0x0000008000000000n, [T | XD, T, T], page)
    .path(0x0000010000000000n, [T, T | XD, T], page)
    .path(0x0000018000000000n, [T, T, T | XD], page)
    .path(0x0000020000000000n, [T, T, T], page | XD)
    .path(0x0000028000000000n, [T, T, T], page);
  const cases: WalkInput[] = [];
  for (const slot of ["0x0000008000000000", "0x0000010000000000", "0x0000018000000000", "0x0000020000000000"]) {
    cases.push({ va: slot, access: "exec", user: true }, { va: slot, access: "read", user: true });
  }
  cases.push(
    { va: "0x0000018000000000", access: "exec", user: false },
    { va: "0x0000028000000000", access: "exec", user: true },
    { va: "0x0000020000000000", access: "read", user: true, efer: EFER_NO_NXE },
    { va: "0x0000028000000000", access: "exec", user: true, efer: EFER_NO_NXE },
    { va: "0x0000030000000000", access: "exec", user: true, efer: EFER_NO_NXE },
  );
  return checkGroup(
    "XD at any level with EFER.NXE; bit 63 reserved without it",
    1,
    "hidden",
    [m.fixture()],
    on0(cases),
  );
}

function smepSmap(): CheckGroup {
  const m = new HandMachine()
    .path(0x0000008000000000n, [T, T, T], 0x0000000000d00000n | 0x067n)
    .path(0x0000010000000000n, [T, T, T], 0x0000000000e00000n | 0x025n)
    .path(0x0000018000000000n, [T, K, T], 0x0000000000f00000n | 0x067n); // a supervisor PDPTE: not a user page
  return checkGroup(
    "SMEP and SMAP, with EFLAGS.AC and implicit accesses",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: "0x0000008000000000", access: "exec", user: false },
      { va: "0x0000008000000000", access: "exec", user: false, cr4: CR4_SMEP_ON },
      { va: "0x0000008000000000", access: "read", user: false, cr4: CR4_SMAP_ON },
      { va: "0x0000008000000000", access: "read", user: false, cr4: CR4_SMAP_ON, ac: true },
      { va: "0x0000008000000000", access: "read", user: false, cr4: CR4_SMAP_ON, ac: true, implicit: true },
      { va: "0x0000010000000000", access: "write", user: false, cr4: CR4_SMAP_ON, ac: true },
      { va: "0x0000010000000000", access: "write", user: false, cr4: CR4_SMAP_ON, ac: true, cr0: CR0_NO_WP },
      { va: "0x0000018000000000", access: "exec", user: false, cr4: CR4_SMEP_ON },
      { va: "0x0000018000000000", access: "read", user: false, cr4: CR4_SMAP_ON },
      { va: "0x0000008000000000", access: "read", user: true, cr4: CR4_SMAP_ON },
    ]),
  );
}

function rightsAcrossLevels(): CheckGroup {
  const page = 0x0000000000a00000n | 0x067n;
  const noUser = T & ~4n;
  const noWrite = T & ~2n;
  const m = new HandMachine()
    .path(0x0000008000000000n, [noUser, T, T], page)
    .path(0x0000010000000000n, [T, noUser, T], page)
    .path(0x0000018000000000n, [T, T, noUser], page)
    .path(0x0000020000000000n, [noWrite, T, T], page)
    .path(0x0000028000000000n, [T, noWrite, T], page)
    .path(0x0000030000000000n, [T, T, noWrite], page)
    .path(0x0000038000000000n, [T, T, T], page & ~2n);
  const cases: WalkInput[] = [];
  for (const slot of ["0x0000008000000000", "0x0000010000000000", "0x0000018000000000"]) {
    cases.push({ va: slot, access: "read", user: true }, { va: slot, access: "write", user: false });
  }
  for (const slot of ["0x0000020000000000", "0x0000028000000000", "0x0000030000000000", "0x0000038000000000"]) {
    cases.push(
      { va: slot, access: "write", user: true },
      { va: slot, access: "write", user: false },
      { va: slot, access: "write", user: false, cr0: CR0_NO_WP },
    );
  }
  return checkGroup("U/S and R/W combine across all four levels", 1, "hidden", [m.fixture()], on0(cases));
}

function largeLeafReserved(): CheckGroup {
  const m = new HandMachine()
    .path(0x0000008000000000n, [T], 0x0000000040000000n | 0x0e7n | (1n << 13n))
    .path(0x0000010000000000n, [T], 0x0000000080000000n | 0x0e7n | (1n << 29n))
    .path(0x0000018000000000n, [T, T], 0x0000000000400000n | 0x0e7n | (1n << 20n))
    .path(0x0000020000000000n, [T, T], 0x0000000000600000n | 0x0e7n | (1n << 13n))
    .path(0x0000028000000000n, [T, T], 0x0000000000800000n | 0x0e7n | (1n << 21n)); // bit 21 is address: fine
  return checkGroup(
    "Reserved bits 29:13 of a 1 GB page and 20:13 of a 2 MB page",
    1,
    "hidden",
    [m.fixture()],
    on0([
      { va: "0x0000008000000000", access: "read", user: true },
      { va: "0x0000010000001000", access: "write", user: true },
      { va: "0x0000018000000000", access: "read", user: false },
      { va: "0x0000020000000000", access: "exec", user: true },
      { va: "0x0000028000001234", access: "read", user: true },
    ]),
  );
}

/** A fresh process with a few entries spoiled: XD, rights taken away, PS in a PML4E, address bits above M. */
function freshDifferential(seed: string): CheckGroup {
  const rng = createRng(`walk-64 hidden:${seed}`);
  const options = { gbPages: rng.chance(0.75), vsyscall: rng.chance(0.5), ramMb: rng.pick([1024, 4608, 6144]) };
  const maxPhy = rng.pick([39, 46, 52]);
  const edits = rng.fork("edits");
  const machine = processMachine(`walk-64 hidden:${seed}`, options, maxPhy, (mem, cr3) =>
    spoil(mem, cr3, maxPhy, edits),
  );
  const cases = randomWalks(rng.fork("walks"), machine, 200).map((input): [number, WalkInput] => [0, input]);
  return checkGroup("Differential: 200 random walks on a fresh machine", 1, "hidden", [machine.fixture], cases);
}

/** The hidden checks for one submission: fixed edge cases, then the fresh-seed differential. */
export function hiddenChecks(seed: string): CheckGroup[] {
  return [
    gpLowHole(),
    gpHighHole(),
    topUserPage(),
    gbPages(),
    mbPages(),
    fourKPages(),
    psInPml4e(),
    maxPhyAddr(),
    executeDisable(),
    smepSmap(),
    rightsAcrossLevels(),
    largeLeafReserved(),
    freshDifferential(seed),
  ];
}
