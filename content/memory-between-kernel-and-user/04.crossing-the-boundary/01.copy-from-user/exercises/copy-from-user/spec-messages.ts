import { GUARD_BYTES, STALE_BYTE, type CopyAnswer } from "./adapter";
import { describeCopy, type CopyInput } from "./spec-input";

// How a wrong answer is explained: the copy asked for, what came back, what was expected and why (which page
// stopped the copy, or why access_ok refused it), plus hints for the classic mistakes: returning the bytes copied,
// returning -EFAULT, forgetting the zero-fill, touching user memory before access_ok.

const U64 = 1n << 64n;
const EFAULT = 14;

/** True when the learner's answer is right: same return, same buffer, and no user read where none is allowed. */
export function isSameAnswer(expected: CopyAnswer, actual: CopyAnswer): boolean {
  return (
    expected.notCopied === actual.notCopied &&
    expected.dest === actual.dest &&
    (expected.userReads > 0 || actual.userReads === 0)
  );
}

function byteAt(hex: string, i: number): number {
  return parseInt(hex.slice(2 * i, 2 * i + 2), 16);
}

function hex8(b: number): string {
  return "0x" + b.toString(16).padStart(2, "0");
}

function describeReturn(value: number, n: number): string {
  if (value === 0) return "0 (everything copied)";
  if (value === n) return `${value} (nothing copied)`;
  return String(value);
}

function page(at: string): string {
  return "0x" + (BigInt(at) & ~0xfffn).toString(16);
}

/** Why the reference stopped where it did, from its own answer. */
function why(input: CopyInput, expected: CopyAnswer): string {
  const n = input.n;
  if (n === 0) return "with n = 0 there is nothing to copy";
  if (expected.userReads === 0) {
    const end = BigInt(input.from) + BigInt(n);
    return end >= U64
      ? `access_ok fails: ${input.from} + ${n} wraps past 2^64`
      : `access_ok fails: [${input.from}, 0x${end.toString(16)}) is not all below USER_PTR_MAX (0x7ffffffff000)`;
  }
  if (expected.firstFault !== null) return `the page at ${page(expected.firstFault.at)} ${expected.firstFault.reason}`;
  return "every byte is readable (a page that is not present yet but lies in a VMA is faulted in, not refused)";
}

/** The learner-facing message for a wrong answer. */
export function explainMismatch(input: CopyInput, expected: CopyAnswer, actual: CopyAnswer): string {
  const n = input.n;
  const head = describeCopy(input);
  const copied = n - expected.notCopied;
  const range = copied === n - 1 ? `dest[${copied}]` : `dest[${copied}..${n - 1}]`;
  const tail = expected.notCopied === 0 ? "" : `, and ${range} zero`;

  if (expected.notCopied !== actual.notCopied) {
    const hints: string[] = [];
    if (actual.notCopied < 0) {
      hints.push(
        actual.notCopied === -EFAULT
          ? "copy_from_user never returns -EFAULT: it returns the bytes NOT copied (0..n), and the caller turns a nonzero result into -EFAULT."
          : "copy_from_user returns the bytes NOT copied, a number from 0 to n.",
      );
    } else if (copied > 0 && actual.notCopied === copied && copied !== expected.notCopied) {
      hints.push("You returned the bytes copied; copy_from_user returns the bytes NOT copied.");
    } else if (expected.userReads > 0 && expected.notCopied > 0 && actual.notCopied === n) {
      hints.push("Copy every byte before the first fault: the return value counts only the bytes from the fault on.");
    } else if (expected.notCopied === 0 && actual.notCopied > 0 && expected.userReads > 0) {
      hints.push('k.userByte faults pages in as the fault handler would; only "fault" means the byte cannot be read.');
    }
    const message = `${head}: you returned ${describeReturn(actual.notCopied, n)}, but ${why(input, expected)}: expected ${expected.notCopied} byte${expected.notCopied === 1 ? "" : "s"} not copied${tail}.`;
    return hints.length === 0 ? message : `${message} Hint: ${hints.join(" ")}`;
  }

  if (expected.dest !== actual.dest) {
    const length = expected.dest.length / 2;
    let i = 0;
    while (i < length && byteAt(expected.dest, i) === byteAt(actual.dest, i)) i++;
    const mine = byteAt(actual.dest, i);
    const want = byteAt(expected.dest, i);
    const where = `${head}: you returned ${describeReturn(actual.notCopied, n)} as expected, but dest[${i}] is ${hex8(mine)}`;
    if (i >= n) {
      return `${where}: you wrote past the ${n} bytes you were asked to copy (the ${GUARD_BYTES} bytes after to[${n - 1}] must stay untouched).`;
    }
    if (i >= copied) {
      return (
        `${where}, expected 0x00 (${range} must be zero). copy_from_user zero-fills the bytes it could not copy, so stale kernel ` +
        `memory (this buffer started as ${hex8(STALE_BYTE)} everywhere) never reaches the caller.`
      );
    }
    return `${where}, expected ${hex8(want)}, the user byte at 0x${(BigInt(input.from) + BigInt(i)).toString(16)}.`;
  }

  return n === 0
    ? `${head}: with n = 0 copy_from_user returns 0 and touches nothing, but you called k.userByte ${actual.userReads} times.`
    : `${head}: ${why(input, expected)}, so copy_from_user must return ${n} without reading a single user byte, but you called k.userByte ${actual.userReads} times. Check k.accessOk(from, n) before touching user memory.`;
}
