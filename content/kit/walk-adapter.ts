import type { ReadObserver } from "../../sim/index";
import { field, refusePromise } from "./adapter-values";

// What the adapters of the page-walk exercises (walk-32, walk-64, page-directory-map) share: the log of the
// learner's memory reads that the trace draws, the refusal of writes, and reading a returned translation's common
// part. Bundled into the sandbox runtime with those adapters: pure TypeScript, type-only imports.

/** How many of a walk's reads are logged for the trace: a walk makes 2 to 4, so 16 is plenty. */
export const MAX_LOGGED_READS = 16;

/** One memory read the learner's walk made; `value` is 0x-hex (64-bit reads would not fit a number). */
export interface WalkRead {
  pa: number;
  size: 1 | 2 | 4 | 8;
  value: string;
}

/** A read observer for sim's readOnlyView that appends the first MAX_LOGGED_READS reads to `reads`. */
export function logReads(reads: WalkRead[]): ReadObserver {
  return (pa, size, value) => {
    if (reads.length < MAX_LOGGED_READS) reads.push({ pa, size, value: "0x" + value.toString(16) });
  };
}

/** The write error of sim's readOnlyView: `<fn> must not write to memory (mem.<method>): <why>`. */
export function refuseWrites(fn: string, why: string): (method: string) => Error {
  return (method) => new Error(`${fn} must not write to memory (mem.${method}): ${why}`);
}

/**
 * What translate() returned, as an object with a boolean `ok`, or an Error that says what came back instead and
 * lists the `shapes` a translation may have.
 */
export function translationOf(
  value: unknown,
  shapes: string,
  describe: (value: unknown) => string,
): { answer: object; ok: boolean } {
  if (typeof value !== "object" || value === null)
    throw new Error(`translate returned ${describe(value)}; return ${shapes}`);
  refusePromise(value, "translate", shapes);
  const ok = field(value, "ok");
  if (typeof ok !== "boolean")
    throw new Error(`translate returned an object whose ok is ${describe(ok)}; return ${shapes}`);
  return { answer: value, ok };
}

/** A successful translation copied out: pa and pageSize, each read by `number`. */
export function pageOf(
  answer: object,
  number: (value: unknown, name: string) => number,
): { ok: true; pa: number; pageSize: number } {
  return { ok: true, pa: number(field(answer, "pa"), "pa"), pageSize: number(field(answer, "pageSize"), "pageSize") };
}
