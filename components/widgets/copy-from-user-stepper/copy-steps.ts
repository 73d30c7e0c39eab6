import {
  accessOk,
  copyFromUser,
  describeOutcome,
  PAGE_SIZE,
  TASK_SIZE_MAX_4L,
  touchUser,
  VM_EXEC,
  VM_READ,
  VM_WRITE,
  type Mm,
} from "../../../sim/index";
import { buildSpaceMm, type StepperSpace } from "./stepper-space";

// copy_from_user(to, from, n) as a list of steps. The result (return value and buffer) is sim's copyFromUser on a
// fresh mm; the steps replay the same loop with the primitives it is built from (accessOk, then touchUser page by
// page inside STAC with an extable entry), and the replay must end where copyFromUser did (facts §3.1, §3.3).

const U64 = (1n << 64n) - 1n;

/** The kernel buffer's bytes before the call: stale kernel data that must never reach the caller. */
export const STALE_BYTE = 0xaa;
/** The largest n the widget draws (16 rows of 16 bytes). */
export const MAX_COPY = 256;

export type CopyStep =
  | { kind: "call"; text: string }
  | { kind: "access-ok"; ok: boolean; text: string }
  | { kind: "copy"; pageVa: number; at: bigint; destOffset: number; len: number; text: string }
  | { kind: "fault"; at: bigint; pageVa: number | null; text: string }
  | { kind: "zero-fill"; destOffset: number; len: number; text: string }
  | { kind: "return"; value: number; text: string };

/** One step's picture of the kernel buffer: bytes [0, copied) hold user data, [zeroFrom, n) zeros once zero-filled. */
export interface DestState {
  copied: number;
  zeroed: boolean;
}

export interface CopyRun {
  from: bigint;
  n: number;
  steps: CopyStep[];
  /** DestState after each step (same index as steps). */
  states: DestState[];
  /** copyFromUser's buffer afterwards, and its return value: the bytes NOT copied. */
  dest: Uint8Array;
  notCopied: number;
  /** Page faults copyFromUser took (sim's mm.faults), each resolved or ended in the exception-table fixup. */
  faultsTaken: number;
}

const h = (v: bigint | number) => "0x" + BigInt.asUintN(64, BigInt(v)).toString(16);

/** Runs copy_from_user(to, from, n) on the space and explains it step by step. n must be 0..MAX_COPY. */
export function runCopy(space: StepperSpace, from: bigint, n: number): CopyRun {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_COPY)
    throw new RangeError(`runCopy: n = ${n} is outside 0..${MAX_COPY}`);
  const dest = new Uint8Array(n).fill(STALE_BYTE);
  const truth = buildSpaceMm(space);
  const notCopied = copyFromUser(truth, dest, from, n);
  // Every page fault the copy took, as the fault handler logged it: none when access_ok refused.
  const faultsTaken = truth.faults.length;

  const steps: CopyStep[] = [
    {
      kind: "call",
      text: `copy_from_user(to, ${h(from)}, ${n}): the kernel buffer to[0..${n}) still holds stale kernel data`,
    },
  ];
  const states: DestState[] = [{ copied: 0, zeroed: false }];
  const push = (step: CopyStep, state: DestState) => {
    steps.push(step);
    states.push(state);
  };
  const replayed = new Uint8Array(n);
  let copied = 0;
  if (n === 0) {
    push(
      {
        kind: "return",
        value: 0,
        text: "n = 0: nothing to copy. Returns 0 without looking at the pointer or touching user memory.",
      },
      { copied: 0, zeroed: false },
    );
  } else {
    const ok = accessOk(from, n);
    push({ kind: "access-ok", ok, text: explainAccessOk(from, n, ok) }, { copied: 0, zeroed: false });
    if (ok) copied = replayCopyLoop(buildSpaceMm(space), from, replayed, push);
    push(
      {
        kind: "zero-fill",
        destOffset: copied,
        len: n - copied,
        text:
          copied === n
            ? "Every byte was copied: nothing to zero-fill."
            : `Zero-fill to[${copied}..${n}): the ${n - copied} bytes that were not copied become 0, so no stale kernel data survives.`,
      },
      { copied, zeroed: true },
    );
    push(
      {
        kind: "return",
        value: n - copied,
        text: `Returns ${n - copied}: the number of bytes NOT copied${n - copied === 0 ? " (complete success)" : ""}. A driver turns any non-zero result into -EFAULT.`,
      },
      { copied, zeroed: true },
    );
  }
  // The replay is only an explanation: it must agree with copyFromUser to the byte, or the model is broken.
  const samePrefix = replayed.subarray(0, copied).every((b, i) => b === dest[i]);
  if (n - copied !== notCopied || !samePrefix || dest.subarray(copied).some((b) => b !== 0)) {
    throw new Error(
      `stepper replay disagrees with copyFromUser: replay copied ${copied}, copyFromUser left ${notCopied}`,
    );
  }
  return { from, n, steps, states, dest, notCopied, faultsTaken };
}

// The x86-64 access_ok for a size that is not a compile-time constant (facts §3.2): the sum must not wrap and must
// be a valid user address.
function explainAccessOk(from: bigint, n: number, ok: boolean): string {
  const p = BigInt.asUintN(64, from);
  const sum = (p + BigInt(n)) & U64;
  const wraps = sum < p;
  const head = `access_ok(${h(p)}, ${n}): s = from + n = ${h(sum)}${wraps ? " after wrapping past 2^64" : ""}; `;
  if (ok) return head + `s <= USER_PTR_MAX (${h(TASK_SIZE_MAX_4L)}) and s >= from: the range is in user space.`;
  const why = wraps ? "s < from: the sum wrapped" : `s > USER_PTR_MAX (${h(TASK_SIZE_MAX_4L)}): not a user range`;
  return head + `${why}. Refused: no user memory is touched and no fault is taken.`;
}

// copyLoop of sim/linux/uaccess.ts, one page per step: a page that can be reached is copied up to its end (or to n),
// the first page that cannot ends the copy through the exception-table fixup.
function replayCopyLoop(
  mm: Mm,
  from: bigint,
  to: Uint8Array,
  push: (step: CopyStep, state: DestState) => void,
): number {
  const n = to.length;
  const who = { fromUser: false, smap: true, ac: true, hasExtable: true };
  let done = 0;
  while (done < n) {
    const at = from + BigInt(done);
    const before = mm.faults.length;
    const access = touchUser(mm, at, false, who);
    const pageVa = Number(at - (at % BigInt(PAGE_SIZE)));
    if (!access.ok) {
      const record = mm.faults[before];
      const code = record === undefined ? "" : `#PF with error code ${h(record.errorCode)} (kernel read), `;
      push(
        {
          kind: "fault",
          at,
          pageVa,
          text: `Reading ${h(at)}: it ${faultReason(mm, at)}. ${code}${describeOutcome(access.outcome)}: the copy stops here.`,
        },
        { copied: done, zeroed: false },
      );
      break;
    }
    const len = Math.min(n - done, access.bytes.length - access.offset);
    to.set(access.bytes.subarray(access.offset, access.offset + len), done);
    push(
      {
        kind: "copy",
        pageVa,
        at,
        destOffset: done,
        len,
        text: `Page ${h(pageVa)} is mapped and readable: copy ${len} byte${len === 1 ? "" : "s"} from ${h(at)} into to[${done}..${done + len}).`,
      },
      { copied: done + len, zeroed: false },
    );
    done += len;
  }
  return done;
}

function faultReason(mm: Mm, addr: bigint): string {
  const vma = mm.findVma(Number(addr));
  if (vma === null) return "has no VMA (unmapped)";
  if ((vma.vm_flags & (VM_READ | VM_WRITE | VM_EXEC)) === 0) return "is in a PROT_NONE VMA";
  return "cannot be faulted in";
}
