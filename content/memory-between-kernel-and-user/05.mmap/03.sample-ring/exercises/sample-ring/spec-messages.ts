import { VALUE_BASE, type RingAnswer } from "./adapter";
import { describeRing, hex32, type RingInput } from "./spec-input";

// How a wrong answer is explained: the read asked for, head - tail modulo 2^32, what came back and what was
// expected, with hints for the classic mistakes: head - tail without the wrap, an overrun not detected or counted
// wrong, bytes read in the wrong order, the offset not wrapped. (Values that are not 12 bits, such as the raw sample,
// are refused by the adapter with their own hint.)

const U32 = 2 ** 32;
const RING_SAMPLES = 32768;

/** True when the learner's answer is right: same lost count and the same values in the same order. */
export function isSameAnswer(expected: RingAnswer, actual: RingAnswer): boolean {
  return expected.lost === actual.lost && expected.count === actual.count && expected.values === actual.values;
}

function valueAt(values: string, i: number): number {
  return values.charCodeAt(i) - VALUE_BASE;
}

function hex3(v: number): string {
  return "0x" + v.toString(16).padStart(3, "0");
}

function pendingOf(input: RingInput): number {
  return (((input.head - input.tail) % U32) + U32) % U32;
}

/** What the read must deliver, in words. */
function shape(input: RingInput, expected: RingAnswer): string {
  const pending = pendingOf(input);
  const wrap = input.head < input.tail ? ` (head has wrapped past 2^32: ${input.head} - ${input.tail} + 2^32)` : "";
  if (pending === 0) return "head == tail: the ring is empty, expected no values and lost 0";
  if (expected.lost > 0) {
    return `head - tail = ${pending}${wrap}, more than the ${RING_SAMPLES} samples the ring holds: expected lost = ${pending} - ${RING_SAMPLES} = ${expected.lost} and the newest ${RING_SAMPLES} values`;
  }
  return `head - tail = ${pending}${wrap}: expected ${pending} value${pending === 1 ? "" : "s"} and lost 0`;
}

/** The learner-facing message for a wrong answer. */
export function explainMismatch(input: RingInput, expected: RingAnswer, actual: RingAnswer): string {
  const head = describeRing(input);
  const pending = pendingOf(input);
  if (expected.lost !== actual.lost || expected.count !== actual.count) {
    const hints: string[] = [];
    if (input.head < input.tail && actual.count === 0 && expected.count > 0) {
      hints.push("head and tail are u32 counters: compute head - tail modulo 2^32, e.g. (head - tail) >>> 0.");
    } else if (expected.lost > 0 && actual.lost === pending) {
      hints.push(`only the oldest ${expected.lost} were overwritten: lost = head - tail - ${RING_SAMPLES}.`);
    } else if (expected.lost > 0 && actual.lost === 0) {
      hints.push(
        `an overrun: the producer wrote more than ${RING_SAMPLES} samples since your tail, so the oldest are gone.`,
      );
    } else if (expected.lost === 0 && actual.lost > 0 && pending === RING_SAMPLES) {
      hints.push(
        `exactly ${RING_SAMPLES} behind is still a full ring, not an overrun: the condition is head - tail > ${RING_SAMPLES}.`,
      );
    }
    const message = `${head}: you returned ${actual.count} value${actual.count === 1 ? "" : "s"} and lost = ${actual.lost}, but ${shape(input, expected)}.`;
    return hints.length === 0 ? message : `${message} Hint: ${hints.join(" ")}`;
  }
  let i = 0;
  while (i < expected.count && valueAt(expected.values, i) === valueAt(actual.values, i)) i++;
  const want = valueAt(expected.values, i);
  const mine = valueAt(actual.values, i);
  const k = (input.tail + expected.lost + i) % U32;
  const at = (k % RING_SAMPLES) * 2;
  let hint = "";
  if (((mine >> 4) & 0xfff) === want && mine > 0xfff)
    hint = " You returned the raw sample: the value is (raw >> 4) & 0xFFF.";
  else if (mine > 0xfff) hint = " A value has 12 bits: mask with 0xFFF after the shift.";
  else hint = ` raw = ring[${at}] | ring[${at + 1}] << 8 (little-endian), v = (raw >> 4) & 0xFFF.`;
  return `${head}: values[${i}] (sample ${hex32(k)}, at ring bytes ${at} and ${at + 1}) is ${hex3(mine)}, expected ${hex3(want)}.${hint}`;
}
