import { STALE_BYTE, type ReadAnswer, type StoredRun } from "./adapter";
import { describeRead, type ReadInput } from "./spec-input";

// How a wrong answer is explained: the read asked for, what came back, what was expected and why (end of file,
// count cut to what is left, the page that stopped the copy), plus hints for the classic mistakes: returning the
// bytes NOT copied, -EFAULT for a short read, 0 instead of -EFAULT, a positive errno, *ppos not moved or moved on
// an error, bytes past dev.size.

const EFAULT = 14;
const EINVAL = 22;

/** True when the learner's answer is right: same return value, same *ppos, same user bytes stored. */
export function isSameAnswer(expected: ReadAnswer, actual: ReadAnswer): boolean {
  return (
    expected.returned === actual.returned && expected.pos === actual.pos && sameRuns(expected.stored, actual.stored)
  );
}

function sameRuns(a: readonly StoredRun[], b: readonly StoredRun[]): boolean {
  return a.length === b.length && a.every((run, i) => run.at === b[i]?.at && run.hex === b[i]?.hex);
}

function describeReturn(value: number): string {
  if (value === -EFAULT) return "-EFAULT (-14)";
  if (value === -EINVAL) return "-EINVAL (-22)";
  if (value === 0) return "0 (end of file)";
  return String(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Why the reference answered what it did, from the input and its own answer. */
function why(input: ReadInput, expected: ReadAnswer): string {
  const { pos, count } = input;
  const size = expected.size;
  if (pos < 0) return "*ppos is negative, which simple_read_from_buffer refuses with -EINVAL";
  if (count === 0) return "count is 0: there is nothing to read";
  if (pos >= size) return `*ppos = ${pos} is at or past the end of the ${size}-byte device: end of file`;
  const left = size - pos;
  const want = Math.min(count, left);
  const cut = count > left ? ` (count ${count} is cut to the ${left} bytes left after *ppos)` : "";
  const fault = expected.fault;
  if (expected.returned === -EFAULT && fault !== null) {
    return `copy_to_user could not store a single byte: the buffer at ${fault.at} ${fault.reason}`;
  }
  if (fault !== null) {
    return `only ${plural(expected.returned, "byte")} of the ${want} fit before ${fault.at}, which ${fault.reason}: a short read${cut}`;
  }
  return `all ${plural(want, "byte")} can be stored${cut}`;
}

/** The learner-facing message for a wrong answer. */
export function explainMismatch(input: ReadInput, expected: ReadAnswer, actual: ReadAnswer): string {
  const head = describeRead(input);
  if (expected.returned !== actual.returned) {
    const hint = returnHint(input, expected, actual);
    const message = `${head}: you returned ${describeReturn(actual.returned)}, but ${why(input, expected)}: expected ${describeReturn(expected.returned)}.`;
    return hint === null ? message : `${message} Hint: ${hint}`;
  }
  if (expected.pos !== actual.pos) {
    const rule =
      expected.pos === input.pos
        ? "when read() returns 0 or an error, *ppos does not move"
        : `advance *ppos by the ${plural(expected.returned, "byte")} actually read`;
    return `${head}: you returned ${describeReturn(actual.returned)} as expected, but left *ppos = ${actual.pos}; expected ${expected.pos} (${rule}).`;
  }
  return `${head}: you returned ${describeReturn(actual.returned)} with *ppos = ${actual.pos} as expected, but ${storedMismatch(input, expected, actual)}`;
}

function returnHint(input: ReadInput, expected: ReadAnswer, actual: ReadAnswer): string | null {
  const left = expected.size - input.pos;
  const want = Math.min(input.count, left);
  if (actual.returned === EFAULT || actual.returned === EINVAL)
    return "errors are negative: return -EFAULT, not EFAULT.";
  if (expected.returned > 0 && actual.returned === -EFAULT) {
    return "a partial copy is a short read, not an error: return the bytes that were copied (count - copy_to_user's result).";
  }
  if (expected.returned === -EFAULT && actual.returned === 0) {
    return '0 tells user space "end of file"; when copy_to_user stores nothing the read failed: return -EFAULT.';
  }
  if (expected.returned > 0 && expected.returned < want && actual.returned === want - expected.returned) {
    return "copy_to_user returns the bytes NOT copied; the bytes read are count minus that.";
  }
  if (expected.returned > 0 && actual.returned === input.count && input.count > left) {
    return `only ${left} bytes are left after *ppos: clamp count to dev.size - *ppos.`;
  }
  if (expected.returned > 0 && input.pos > 0 && actual.returned === Math.min(input.count, expected.size)) {
    return "the read starts at *ppos, not at the start of the device.";
  }
  return null;
}

function runBytes(run: StoredRun): number {
  return run.hex.length / 2;
}

function byteAt(hex: string, i: number): number {
  return parseInt(hex.slice(2 * i, 2 * i + 2), 16);
}

function hex8(b: number): string {
  return "0x" + b.toString(16).padStart(2, "0");
}

function storedMismatch(input: ReadInput, expected: ReadAnswer, actual: ReadAnswer): string {
  const want = expected.stored[0];
  const mine = actual.stored[0];
  const total = actual.stored.reduce((sum, run) => sum + runBytes(run), 0);
  if (want === undefined)
    return `nothing may be stored in user memory here, and you stored ${plural(total, "byte")} (the first at ${mine?.at ?? "?"}).`;
  if (mine === undefined)
    return `you stored nothing in user memory; expected ${plural(runBytes(want), "byte")} at ${want.at}.`;
  if (mine.at !== want.at) {
    return `your first stored byte is at ${mine.at}, expected ${want.at}: the data goes to buf itself, whatever *ppos is.`;
  }
  const length = Math.min(runBytes(want), runBytes(mine));
  let i = 0;
  while (i < length && byteAt(want.hex, i) === byteAt(mine.hex, i)) i++;
  if (i < length) {
    const b = byteAt(mine.hex, i);
    const stale = b === STALE_BYTE ? ` ${hex8(STALE_BYTE)} is the allocation past dev.size, not device data.` : "";
    return `the user byte at buf + ${i} is ${hex8(b)}, expected ${hex8(byteAt(want.hex, i))} (device byte ${input.pos + i}: copy from dev.data at offset *ppos).${stale}`;
  }
  if (actual.stored.length !== expected.stored.length || runBytes(mine) !== runBytes(want)) {
    return `you stored ${plural(total, "byte")} in user memory, expected exactly ${plural(runBytes(want), "byte")} at ${want.at}.`;
  }
  return "the bytes stored in user memory differ from the expected ones.";
}
