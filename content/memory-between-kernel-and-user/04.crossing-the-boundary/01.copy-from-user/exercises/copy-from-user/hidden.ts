import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import { checkGroup, copy } from "./spec";
import type { CopyInput } from "./spec-input";
import {
  PAGE,
  pageBytes,
  PROT_NONE,
  PROT_READ,
  randomCopies,
  RW,
  seededSpace,
  USER_PTR_MAX,
  UserSpace,
} from "./spec-space";

// Server only: the worked cases of facts §3.3 (1-4, 6 and 7 as they apply to copy_from_user) and E9, each on a
// small hand-made address space, and a differential check on a fresh process per submission.

type Cases = [number, CopyInput][];
const on0 = (inputs: CopyInput[]): Cases => inputs.map((input) => [0, input]);

function filled(seed: string): () => Uint8Array {
  const rng = createRng(`copy-from-user hidden bytes:${seed}`);
  return () => pageBytes(rng);
}

/** §3.3 case 1: 0x40 bytes from 0x7fff0ff0 when the page 0x7fff1000 is not mapped. */
function unmappedNextPage(seed: string): CheckGroup {
  const bytes = filled(seed);
  const space = new UserSpace().map(0x7fff0000, PAGE, RW).present(0x7fff0000, bytes());
  return checkGroup(
    "§3.3 case 1: a copy that runs off the end of the mapping copies the prefix and zeroes the tail",
    1,
    "hidden",
    [space.fixture()],
    on0([copy(0x7fff0ff0, 0x40), copy(0x7fff0ff0, 0x10), copy(0x7fff0fff, 2), copy(0x7fff0000, 0x2000)]),
  );
}

/** §3.3 case 2, and a fault in the middle: the copy stops at the first bad page even if later pages are fine. */
function faultInTheMiddle(seed: string): CheckGroup {
  const bytes = filled(seed);
  const space = new UserSpace()
    .map(0x10000000, PAGE, RW)
    .present(0x10000000, bytes())
    .map(0x10001000, PAGE, PROT_NONE)
    .map(0x20000000, PAGE, RW)
    .present(0x20000000, bytes())
    .map(0x20001000, PAGE, PROT_NONE)
    .map(0x20002000, PAGE, RW)
    .present(0x20002000, bytes())
    .map(0x30000000, PAGE, RW)
    .present(0x30000000, bytes())
    .map(0x30002000, PAGE, RW)
    .present(0x30002000, bytes());
  return checkGroup(
    "§3.3 case 2 and a fault in the middle: a PROT_NONE or unmapped page ends the copy for good",
    1,
    "hidden",
    [space.fixture()],
    on0([
      copy(0x10000000, 8192),
      copy(0x20000800, 0x2000),
      copy(0x20000ffc, 0x1008),
      copy(0x30000f00, 0x2200),
      copy(0x30000000, 3 * PAGE),
    ]),
  );
}

/** §3.3 cases 3, 4 and 7: access_ok refuses, or n = 0: return at once, read nothing. */
function touchNothing(seed: string): CheckGroup {
  const bytes = filled(seed);
  const space = new UserSpace().map(0x400000, PAGE, RW).present(0x400000, bytes());
  return checkGroup(
    "§3.3 cases 3, 4 and 7: kernel pointers, wrap-around and n = 0 touch no user memory",
    1,
    "hidden",
    [space.fixture()],
    on0([
      copy(0xffff888000001000n, 16),
      copy(0xffffffff81000000n, 4096),
      copy(0xfffffffffffffff0n, 0x40),
      copy(0xffffffffffffff00n, 0x200),
      copy(0x0000800000000000n, 1),
      copy(USER_PTR_MAX, 1),
      copy(0x00007fffffffffffn, 1),
      copy(0x400000, 0),
      copy(0xffff888000001000n, 0),
      copy(0x1000, 0),
    ]),
  );
}

/** Copies that end or start exactly on a boundary, and the last user page below USER_PTR_MAX. */
function exactEnds(seed: string): CheckGroup {
  const bytes = filled(seed);
  const space = new UserSpace()
    .map(0x50000000, 2 * PAGE, RW)
    .present(0x50000000, bytes())
    .present(0x50001000, bytes())
    .map(0x60000000, 2 * PAGE, PROT_READ)
    .present(0x60000000, bytes())
    .map(USER_PTR_MAX - 33 * PAGE, 33 * PAGE, RW)
    .present(USER_PTR_MAX - PAGE, bytes());
  const cases = [
    // Ends exactly at the VMA's end after crossing its inner page boundary (a whole 2-page copy re-read 4 KB more).
    copy(0x50000f00, PAGE + 0x100),
    copy(0x50001ff0, 0x10),
    copy(0x50001ff0, 0x11),
    copy(0x50002000, 0x10),
    copy(0x4ffffff0, 0x20),
    copy(0x60000ff8, 0x10),
    copy(USER_PTR_MAX - 0x20, 0x20),
    copy(USER_PTR_MAX - 0x1f, 0x20),
    // Faults in the page below the last, crosses into the last one and ends exactly at USER_PTR_MAX.
    copy(USER_PTR_MAX - PAGE - 0x100, PAGE + 0x100),
  ];
  // The same copies with SMAP on and off: k.userByte runs inside STAC, so SMAP never changes a copy's result. The
  // learner's code cannot see SMAP at all, so with SMAP off the short copies (each boundary once) are enough; the
  // two copies longer than a page re-read 8 KB without meeting a boundary the short ones do not.
  const short = cases.filter((c) => c.n < PAGE);
  return checkGroup(
    "Exact ends: page-aligned boundaries and the last user page, with SMAP on and off",
    1,
    "hidden",
    [space.fixture(true), space.fixture(false)],
    [...cases.map((c): [number, CopyInput] => [0, c]), ...short.map((c): [number, CopyInput] => [1, c])],
  );
}

/**
 * A fresh process per submission, 36 random copies around its boundaries (each boundary of the space is met
 * several times; 150 copies were half of a submission's user reads, see docs/decisions/0121-grading-speed.md).
 */
function freshDifferential(seed: string): CheckGroup {
  const rng = createRng(`copy-from-user hidden:${seed}`);
  const s = seededSpace(rng.fork("space"));
  const cases = randomCopies(rng.fork("copies"), s.space.vmas, 36);
  return checkGroup(
    "Differential: 36 random copies in a fresh process",
    1,
    "hidden",
    [s.space.fixture(rng.chance(0.5))],
    on0(cases),
  );
}

/** The hidden checks for one submission: fixed edge cases, then the fresh-seed differential. */
export function hiddenChecks(seed: string): CheckGroup[] {
  return [unmappedNextPage(seed), faultInTheMiddle(seed), touchNothing(seed), exactEnds(seed), freshDifferential(seed)];
}
