import type { CheckGroup } from "../../../../../../contract/exercise";
import { createRng, type Rng } from "../../../../../../sim/index";
import { checkGroup, on0 } from "./spec";
import { fullRing, randomReads, randomSample, ring, saveRing, sub } from "./spec-ring";

// Server only: every test vector of facts E13's table and every user-side ring test of E13 (wrap at 32768 samples,
// head wrapping at 2^32, overrun, empty ring), each in its own check, and a differential check on a fresh ring per
// submission. E13's mmap tests (offsets, lengths, PROT_WRITE, MAP_PRIVATE, mremap, close) are the device's own, in
// sim/linux/drivers/sample-ring.test.ts; every case here reads a ring mapped that way with its fd already closed.

/** E13's table: the sample's bytes (lo, hi) and its value. */
const VECTORS: readonly [lo: number, hi: number, v: number][] = [
  [0x34, 0x12, 0x123],
  [0xf0, 0xff, 0xfff],
  [0x00, 0x80, 0x800],
  [0xff, 0x7f, 0x7ff],
  [0x0f, 0x00, 0x000],
  [0x10, 0x00, 0x001],
  [0xff, 0xff, 0xfff],
];

const hex2 = (b: number) => b.toString(16).padStart(2, "0").toUpperCase();

/** One vector between random samples: read alone (it is the only pending sample at that head) and with its neighbours. */
function vectorCheck(rng: Rng, [lo, hi, v]: readonly [number, number, number]): CheckGroup {
  const saved = saveRing(rng.int(0, 2 ** 32 - 1), [
    randomSample(rng),
    randomSample(rng),
    lo | (hi << 8),
    randomSample(rng),
  ]);
  const at = sub(saved.head, 2); // the vector is sample head - 2
  const note = v === 0x800 || hi >= 0x80 ? " (negative as int16_t; the mask gives the same 12 bits)" : "";
  return checkGroup(
    `E13 vector ${hex2(lo)} ${hex2(hi)} decodes to 0x${v.toString(16).padStart(3, "0")}${note}`,
    1,
    "hidden",
    [saved.fixture],
    on0([ring(sub(saved.head, 1), at), ring(saved.head, sub(saved.head, 4))]),
  );
}

/** The hidden checks for one submission: fixed edge cases, then the fresh-seed differential. */
export function hiddenChecks(seed: string): CheckGroup[] {
  const rng = createRng(`sample-ring hidden:${seed}`);
  const vectors = VECTORS.map((vector, i) => vectorCheck(rng.fork(`vector ${i}`), vector));

  // Slot 32767 (bytes 65534, 65535) then slot 0: head four slots past a wrap of the ring.
  const wrapped = saveRing(
    rng.int(1, 1000) * 32768 - 6,
    Array.from({ length: 10 }, () => randomSample(rng)),
  );
  const wrapAt32768 = checkGroup(
    "Wrap at 32768 samples: byte 65534 is followed by byte 0",
    1,
    "hidden",
    [wrapped.fixture],
    on0([
      ring(wrapped.head, sub(wrapped.head, 10)),
      ring(wrapped.head, sub(wrapped.head, 5)),
      ring(sub(wrapped.head, 4), sub(wrapped.head, 5)),
      ring(sub(wrapped.head, 3), sub(wrapped.head, 4)),
    ]),
  );

  // head has wrapped past 2^32 (now 12) while the reader's tail is still just below it.
  const counter = saveRing(
    2 ** 32 - 8,
    Array.from({ length: 20 }, () => randomSample(rng)),
  );
  const headWrap = checkGroup(
    "The head counter wrapping at 2^32: head 12, tail 0xfffffff8",
    1,
    "hidden",
    [counter.fixture],
    on0([ring(12, 2 ** 32 - 8), ring(12, 2 ** 32 - 1), ring(0, 2 ** 32 - 8), ring(3, 0), ring(12, 2)]),
  );

  const full = fullRing(rng.fork("full"), rng.int(0, 2 ** 32 - 1));
  const lowHead = fullRing(rng.fork("low"), 100);
  const overrun = checkGroup(
    "Overrun: head - tail > 32768 reports head - tail - 32768 lost and reads the newest 32768",
    1,
    "hidden",
    [full.fixture, lowHead.fixture],
    [
      // Every overrun reads a whole ring (~3.5 ms to grade with its reference), so each case here is an edge of its
      // own: one past full, a tail one ahead of head (2^32 - 1 behind: negative as a signed count), and a head that
      // wrapped past 2^32. Dropped as the same paths: 40000 behind, and 2^31 behind (every wrong reader of
      // exercise.test.ts fails the same fixed checks without it; decision 0153).
      [0, ring(full.head, sub(full.head, 32769))],
      [0, ring(full.head, sub(full.head, 2 ** 32 - 1))],
      [1, ring(100, 2 ** 32 - 40000)],
    ],
  );
  const exact = checkGroup(
    "Exactly 32768 behind is a full ring, not an overrun",
    1,
    "hidden",
    [lowHead.fixture],
    // Exactly full across 2^32 here; exactly full with tail below head is the public wrap check's last read. (A read
    // 32767 behind was dropped: every wrong reader of exercise.test.ts fails the same fixed checks without it.)
    [[0, ring(100, sub(100, 32768))]],
  );
  const empty = checkGroup(
    "An empty ring: head == tail gives no values and lost 0",
    1,
    "hidden",
    [counter.fixture, full.fixture],
    [
      [0, ring(12, 12)],
      [0, ring(0, 0)],
      [0, ring(2 ** 32 - 1, 2 ** 32 - 1)],
      [1, ring(full.head, full.head)],
    ],
  );

  // `full` is built from this submission's seed, so the differential reads a fresh ring every time; one cycle of
  // spec-ring.ts's READ_KINDS (was 40 reads: docs/decisions/0121-grading-speed.md, "Second pass"; one whole ring
  // among the 8 since decision 0153).
  const differential = checkGroup(
    "Differential: 8 random reads of a fresh ring",
    1,
    "hidden",
    [full.fixture],
    on0(randomReads(rng.fork("reads"), full, 8)),
  );

  return [...vectors, wrapAt32768, headWrap, overrun, exact, empty, differential];
}
