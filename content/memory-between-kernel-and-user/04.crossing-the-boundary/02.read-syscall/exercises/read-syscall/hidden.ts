import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng } from "../../../../../../sim/index";
import { checkGroup, on0 } from "./spec";
import {
  MAX_RW_COUNT,
  PAGE,
  PROT_READ,
  randomReads,
  read,
  ReadSpace,
  RW,
  seededSpace,
  USER_PTR_MAX,
} from "./spec-space";

// Server only: each edge case of a driver's read() (simple_read_from_buffer in fs/libfs.c; facts §3.1, §3.3, E9) on
// a small hand-made process, and a differential check on a fresh process per submission.

/** A process with one RW page at 0x10000000 followed by nothing, a PROT_READ page, and a COW page; a 5000-byte device. */
function small(seed: string, size = 5000): ReadSpace {
  return new ReadSpace(`hidden-${seed}`, size)
    .map(0x10000000, PAGE, RW)
    .present(0x10000000)
    .map(0x20000000, 2 * PAGE, PROT_READ)
    .present(0x20000000)
    .map(0x30000000, PAGE, RW)
    .present(0x30000000)
    .map(0x30001000, PAGE, PROT_READ)
    .map(0x40000000, 4 * PAGE, RW)
    .map(0x50000000, PAGE, RW)
    .present(0x50000000, true);
}

function group(name: string, seed: string, inputs: ReturnType<typeof read>[], space = small(seed)): CheckGroup {
  return checkGroup(name, 1, "hidden", [space.fixture()], on0(inputs));
}

/** The hidden checks for one submission: each edge case in its own check, then the fresh-seed differential. */
export function hiddenChecks(seed: string): CheckGroup[] {
  const rng = createRng(`read-syscall hidden:${seed}`);
  const s = seededSpace(rng.fork("space"));
  return [
    group("Reading at EOF (*ppos == size) returns 0 and leaves *ppos alone", seed, [
      read(0x40000000, 100, 5000),
      read(0x40000000, 1, 5000),
      read(0x40000000, 5000, 5000),
    ]),
    group("count past the end is cut to size - *ppos", seed, [
      read(0x40000000, 5001, 0),
      read(0x40000000, 200, 4900),
      read(0x40000000, 2, 4999),
      read(0x40000000, 4 * PAGE, 1234),
    ]),
    group("A buffer crossing into an unmapped page: a short read of the bytes before it", seed, [
      read(0x10000ff0, 0x40, 0),
      read(0x10000fff, 2, 100),
      read(0x10000000, 2 * PAGE, 0),
      read(0x10000800, 0x1000, 3000),
    ]),
    group("A kernel pointer as buf: -EFAULT without touching memory, *ppos unchanged", seed, [
      read(0xffff888000001000n, 16, 0),
      read(0xffffffff81000000n, 4096, 10),
      read(0x0000800000000000n, 8, 0),
      read(0xfffffffffffffff0n, 0x40, 0),
      read(USER_PTR_MAX - 0x10, 0x20, 0),
    ]),
    group("A read-only user page: -EFAULT when nothing fits, a short read when some does", seed, [
      read(0x20000000, 64, 0),
      read(0x20001000, 10, 0),
      read(0x30000f00, 0x200, 0),
      read(0x30000ffc, 100, 4000),
    ]),
    group("count 0 returns 0 and stores nothing, even with a bad buffer", seed, [
      read(0x40000000, 0, 0),
      read(0x40000000, 0, 2500),
      read(0xffff888000001000n, 0, 0),
      read(0x20000000, 0, 0),
    ]),
    group("*ppos beyond the end returns 0, even with a bad buffer", seed, [
      read(0x40000000, 100, 5001),
      read(0x40000000, 100, 1 << 30),
      read(0xffff888000001000n, 100, 6000),
      read(0x20000000, 10, 2 ** 40),
    ]),
    group("A huge count (MAX_RW_COUNT, 2^32 - 1) reads only what is left", seed, [
      read(0x40000000, MAX_RW_COUNT, 0),
      read(0x40000000, 2 ** 32 - 1, 4000),
      read(0x40000000, 2 ** 40, 4999),
    ]),
    group("A negative *ppos is -EINVAL", seed, [
      read(0x40000000, 100, -1),
      read(0x40000000, 0, -4096),
      read(0xffff888000001000n, 10, -(2 ** 40)),
    ]),
    group("A page still shared copy-on-write: the write fault is resolved and the read completes", seed, [
      read(0x50000000, 4096, 0),
      read(0x50000100, 0x80, 4000),
    ]),
    group(
      "A device that fills its allocation exactly: the last byte, then EOF",
      seed,
      [read(0x40000000, 8192, 0), read(0x40000000, 10, 8191), read(0x40000000, 10, 8192)],
      small(seed, 8192),
    ),
    checkGroup(
      "Differential: 60 random reads in a fresh process",
      1,
      "hidden",
      [s.space.fixture(rng.chance(0.5))],
      on0(randomReads(rng.fork("reads"), s.space.vmas, s.size, 60)),
    ),
  ];
}
