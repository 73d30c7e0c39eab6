import type { FixtureWire } from "../../../../../../contract/exercise";
import { PageAllocator, SAMPLE_RING_SAMPLES, SampleRing, type Rng } from "../../../../../../sim/index";
import type { RingMeta } from "./adapter";
import type { RingInput } from "./spec-input";

// The rings the checks read: sim's sample-ring device run for a while from a chosen head, saved as a fixture (the
// ring pages that hold data, and head). Samples look like a 12-bit ADC's: the value in bits 15..4, four status bits
// below it, which the reader must drop.

const U32 = 2 ** 32;

/** A ring after its producer ran: the fixture, the final head, and every sample it wrote (oldest first). */
export interface SavedRing {
  fixture: FixtureWire;
  head: number;
  /** The raw 16-bit samples produced, oldest first; sample number (head - written.length + i) mod 2^32. */
  written: number[];
}

/** A random sample: a 12-bit value shifted left by 4, plus 4 random status bits (16 random bits in all). */
export function randomSample(rng: Rng): number {
  return rng.nextU32() & 0xffff;
}

/** Runs the device from `start`, writing `samples`, and saves it. Pages that stayed zero are left out. */
export function saveRing(start: number, samples: readonly number[]): SavedRing {
  const allocator = new PageAllocator();
  const device = new SampleRing(allocator, { head: start });
  device.produce(samples);
  const frames: number[] = [];
  const pages: Uint8Array[] = [];
  device.area.pages.forEach((page, i) => {
    const bytes = allocator.bytes(page.pfn);
    if (!isZeroPage(bytes)) {
      frames.push(i);
      pages.push(bytes.slice());
    }
  });
  const bytes = new Uint8Array(frames.length * 4096);
  pages.forEach((p, i) => bytes.set(p, i * 4096));
  const meta: RingMeta = { head: device.head };
  return { fixture: { frames, bytes, meta: { ...meta } }, head: device.head, written: [...samples] };
}

// A plain loop: TypedArray.prototype.some calls its callback once per byte, 65536 calls per ring saved.
function isZeroPage(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** A ring that has run long enough to be full: `extra` samples more than it holds, ending at `head`. */
export function fullRing(rng: Rng, head: number, extra = 100): SavedRing {
  const n = SAMPLE_RING_SAMPLES + extra;
  // A plain loop: Array.from over { length } takes V8's generic path, a third of a full ring's cost.
  const samples = new Array<number>(n);
  for (let i = 0; i < n; i++) samples[i] = randomSample(rng);
  return saveRing(sub(head, n), samples);
}

/** (a - b) mod 2^32. */
export function sub(a: number, b: number): number {
  return (((a - b) % U32) + U32) % U32;
}

/** A read from `tail` to `head`. */
export function ring(head: number, tail: number): RingInput {
  return { head, tail };
}

/**
 * The kinds of read a differential makes, in the order it cycles through them from a seeded start: short reads a
 * few samples behind a head seen a little earlier, windows of 301 to 4096 samples anywhere in the ring that end at a
 * head seen earlier, and a read from any u32 tail (on a full ring nearly always an overrun, with a random lost
 * count). Whole-ring reads at the edges (exact fits, 32769 and 2^32 - 1 behind, across 2^32) are the fixed checks'
 * job, 6 of them per submission; each whole ring read costs the grader ~2.5 ms in a fresh isolate plus the
 * reference's ~1 ms, so the differential reads one (decision 0153).
 * A differential of 8 reads has four short reads, three windows and one read from any tail.
 */
const READ_KINDS = ["short", "window", "anyTail", "short", "window", "short", "window", "short"] as const;

/** The longest window a differential reads: 2 of the ring's 16 pages. */
const WINDOW_MAX = 4096;

/**
 * `count` reads of a saved ring, cycling through READ_KINDS: the reader behind by 0 to a few samples, a window of
 * up to WINDOW_MAX samples at any place in the ring (its head a head seen earlier), or a tail anywhere in 0..2^32 - 1;
 * earlier heads only where the samples they need are still in the ring.
 */
export function randomReads(rng: Rng, saved: SavedRing, count: number): RingInput[] {
  const reads: RingInput[] = [];
  const kept = Math.min(saved.written.length, SAMPLE_RING_SAMPLES);
  const start = rng.int(0, READ_KINDS.length - 1);
  for (let i = 0; i < count; i++) {
    const kind = READ_KINDS[(start + i) % READ_KINDS.length];
    if (kind === "short" || (kind === "window" && kept <= 300)) {
      const back = rng.int(0, Math.min(kept, 300));
      const behind = rng.int(0, back); // a head the reader saw a little earlier
      reads.push(ring(sub(saved.head, behind), sub(saved.head, back)));
    } else if (kind === "window") {
      const length = rng.int(301, Math.min(kept, WINDOW_MAX));
      const behind = rng.int(0, kept - length);
      reads.push(ring(sub(saved.head, behind), sub(saved.head, behind + length)));
    } else {
      reads.push(ring(saved.head, saved.written.length >= SAMPLE_RING_SAMPLES ? rng.int(0, U32 - 1) : saved.head));
    }
  }
  return reads;
}
