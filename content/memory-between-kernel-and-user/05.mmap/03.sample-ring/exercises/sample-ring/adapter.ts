import type { FixtureWire } from "../../../../../../contract/exercise";
import { inputChecks, isWholeNumber, refusePromise } from "../../../../../kit/adapter-values";
import { defineAdapter } from "../../../../../kit/define-adapter";
import {
  fput,
  MAP_SHARED,
  Mm,
  mmap,
  PageAllocator,
  PROT_READ,
  SAMPLE_RING_BYTES,
  SAMPLE_RING_PAGES,
  SampleRing,
  touchUser,
} from "../../../../../../sim/index";

// Runs in the sandbox beside the learner's code. For each fixture it rebuilds the sample-ring device from the saved
// ring and head, opens it read-only, maps all 16 pages MAP_SHARED|PROT_READ, closes the fd (the mapping must stay
// valid, facts E13) and reads the ring's bytes through the mapping as a user-mode load would. Each case hands the
// learner a fresh copy of those bytes, head and tail, and returns the answer as plain data. Only sim/ and the kit's
// pure helpers are imported at run time.

/** The fixture's meta: the head counter the ring was saved at. Frames are ring pages 0..15 (absent pages are zero). */
export interface RingMeta {
  head: number;
}

/** What the learner returns: the decoded values from tail (or the oldest kept sample) to head, and the lost count. */
export interface RingRead {
  values: number[];
  lost: number;
}

/** What a case returns to the host. */
export interface RingAnswer {
  /**
   * The values in order, one character each: U+4000 + v. A full ring is 32768 values, and one case's answer may be at
   * most 64 K characters of JSON: hex would need 3 or 4 times that.
   */
  values: string;
  count: number;
  lost: number;
}

/** More values than the ring holds means the answer invented samples. */
const MAX_VALUES = 32768;
/** The character that stands for the value 0 in RingAnswer.values (CJK block: 4096 printable, unescaped characters). */
export const VALUE_BASE = 0x4000;

type ReadSamples = (ring: Uint8Array, head: number, tail: number) => unknown;

const { describe, requireInteger } = inputChecks("sample-ring adapter");
const requireU32 = (value: unknown, what: string) =>
  requireInteger(value, what, "a u32 (0 .. 2^32 - 1)", 0, 2 ** 32 - 1);

/** The ring's bytes as the fixture saved them: page i of the ring is frame i; frames not listed are zero. */
export function ringBytes(fixture: FixtureWire): Uint8Array {
  const ring = new Uint8Array(SAMPLE_RING_BYTES);
  fixture.frames.forEach((page, i) => {
    if (!Number.isInteger(page) || page < 0 || page >= SAMPLE_RING_PAGES)
      throw new Error(`sample-ring adapter: frame ${page} is not a ring page`);
    ring.set(fixture.bytes.subarray(i * 4096, (i + 1) * 4096), page * 4096);
  });
  return ring;
}

/** The device restored from the fixture, mapped read-only in a fresh process, fd closed, ring read through the mapping. */
function prepare(fixture: FixtureWire): Uint8Array {
  const head = requireU32(fixture.meta.head, "fixture head");
  const allocator = new PageAllocator();
  const device = new SampleRing(allocator);
  device.load(ringBytes(fixture), head);
  const mm = new Mm(allocator);
  const file = device.open(mm, { read: true, write: false });
  const mapped = mmap(mm, 0, SAMPLE_RING_BYTES, PROT_READ, MAP_SHARED, file, 0);
  if (!mapped.ok) throw new Error(`sample-ring adapter: mmap of the ring failed with errno ${mapped.errno}`);
  fput(file); // close(fd): the VMA keeps the file, and the pages keep their references
  const bytes = new Uint8Array(SAMPLE_RING_BYTES);
  const reader = { fromUser: true, smap: true, ac: false, hasExtable: false };
  for (let page = 0; page < SAMPLE_RING_PAGES; page++) {
    const access = touchUser(mm, BigInt(mapped.addr + page * 4096), false, reader);
    if (!access.ok) throw new Error(`sample-ring adapter: page ${page} of the mapping is not readable`);
    bytes.set(access.bytes.subarray(0, 4096), page * 4096);
  }
  return bytes;
}

/**
 * Calls the learner's readSamples(ring, head, tail) for one case ({ head, tail }) with a fresh copy of the mapped
 * ring. Throws a learner-readable Error for a malformed answer.
 */
function call(readSamples: ReadSamples, mapped: Uint8Array, input: Record<string, unknown>): RingAnswer {
  const head = requireU32(input.head, "input head");
  const tail = requireU32(input.tail, "input tail");
  return toAnswer(readSamples(mapped.slice(), head, tail));
}

export const adapter = defineAdapter({ prepare, call });

function toAnswer(value: unknown): RingAnswer {
  refusePromise(value, "readSamples");
  if (typeof value !== "object" || value === null || !("values" in value) || !("lost" in value)) {
    throw new Error(`readSamples must return { values: number[], lost: number }, got ${describe(value)}`);
  }
  const { values, lost } = value;
  if (!Array.isArray(values))
    throw new Error(`readSamples: values must be an array of numbers, got ${describe(values)}`);
  if (values.length > MAX_VALUES)
    throw new Error(`readSamples returned ${values.length} values, but the ring holds at most ${MAX_VALUES} samples`);
  if (!isWholeNumber(lost, 0)) {
    throw new Error(
      `readSamples: lost must be a whole number >= 0 (samples overwritten before you read them), got ${describe(lost)}`,
    );
  }
  return { values: encodeValues(values), count: values.length, lost };
}

/** Values per String.fromCharCode call: 32 KB of arguments, far below any engine's argument limit. */
const CHARS_PER_CALL = 4096;

/**
 * The values as RingAnswer.values, with the first bad one refused by index. Visits indices as forEach does (holes
 * are skipped), but a full ring is 32768 values per case on both sides of the sandbox: one closure call and one
 * string per value cost ~60 ns each. In a fresh isolate, encoding plus JSON costs ~63 ns a value with the codes
 * spread into String.fromCharCode 512 at a time, ~27 ns written into one reused array and passed with apply.
 * The loop's first runs are interpreted (each isolate is fresh), where a call per value is most of the cost: the
 * value test is written out here, `(v & 0xfff) === v` being isWholeNumber(v, 0, 0xfff) for a number (fractions,
 * NaN, infinities, negatives and larger values all change under the mask). Measured on 32768 values in fresh
 * isolates (medians of 21): first call 2.2 -> 1.5 ms, second 1.5 -> 0.7 ms.
 */
function encodeValues(values: unknown[]): string {
  const length = values.length;
  const codes: number[] = [];
  let pending = 0;
  let out = "";
  for (let i = 0; i < length; i++) {
    const v: unknown = values[i];
    if (typeof v !== "number" || (v & 0xfff) !== v) {
      if (v === undefined && !(i in values)) continue;
      throw new Error(`readSamples: values[${i}] is ${describeValue(v)}, not a decoded sample: ${valueHint(v)}`);
    }
    codes[pending++] = VALUE_BASE + v;
    if (pending === CHARS_PER_CALL) {
      out += String.fromCharCode.apply(null, codes);
      pending = 0;
    }
  }
  codes.length = pending;
  return out + String.fromCharCode.apply(null, codes);
}

function describeValue(value: unknown): string {
  return typeof value === "number" && Number.isInteger(value) ? `${value} (0x${value.toString(16)})` : describe(value);
}

// The classic wrong values: the raw sample (no shift), a shift without the mask, a sign-extended 12-bit value.
function valueHint(value: unknown): string {
  if (typeof value === "number" && Number.isInteger(value) && value < 0)
    return "a value is the unsigned 12 bits (raw >> 4) & 0xFFF, 0..4095.";
  if (typeof value === "number" && Number.isInteger(value) && value > 0xfff) {
    return "a value has 12 bits: shift the raw sample right by 4 and mask with 0xFFF (0..4095).";
  }
  return "each value must be a whole number 0..4095.";
}
