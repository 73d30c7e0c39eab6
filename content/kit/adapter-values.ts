import type { Access } from "../../sim/index";

// What adapters check and how they say it, once: how a value is named in a message, the validators of a case's
// wire input (a bad one is the exercise's bug, and the message names the adapter) and of the learner's answer (a
// bad one is the learner's, and the message names their function). The wording that differs between exercises is a
// parameter; the learners' tests pin every message. Bundled into the sandbox runtime and the browser with the
// adapters: pure TypeScript, type-only imports.

/** How describeValue names what it is given; by default `"text"` (as JSON), `5n`, `an array`, `an object`. */
export interface DescribeOptions {
  /** How a bigint is named; `${value}n` unless given. */
  bigint?: (value: bigint) => string;
  /** false: a string is named as it is, without quotes. */
  quoteStrings?: boolean;
}

/** A value as a message names it: `undefined`, a string as JSON, `5n`, `an array`, `an object`, else String(value). */
export function describeValue(value: unknown, options: DescribeOptions = {}): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string" && options.quoteStrings !== false) return JSON.stringify(value);
  if (typeof value === "bigint") return options.bigint ? options.bigint(value) : `${value}n`;
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}

/** A Promise, or anything with a then method: what an async function returns. */
export function isPromiseLike(value: unknown): boolean {
  return typeof value === "object" && value !== null && "then" in value && typeof value.then === "function";
}

/** Throws `<fn> returned a Promise; make it a plain (not async) function[ returning <returning>]` for a Promise. */
export function refusePromise(value: unknown, fn: string, returning?: string): void {
  if (isPromiseLike(value)) {
    const what = returning === undefined ? "" : ` returning ${returning}`;
    throw new Error(`${fn} returned a Promise; make it a plain (not async) function${what}`);
  }
}

/** Any non-null object, with its properties as unknowns (what a wire input or a learner's answer may be). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** A property of an object the learner returned, read as `key in value ? value[key] : undefined` does. */
export function field(value: object, key: string): unknown {
  return key in value ? Reflect.get(value, key) : undefined;
}

/** A number that is a safe integer in [min, max]. */
export function isWholeNumber(
  value: unknown,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= min && value <= max;
}

/** `0x` and 1 to 16 lowercase hex digits: a 64-bit value on the wire (a JSON number cannot hold one). */
export function isHex64(value: unknown): value is string {
  return typeof value === "string" && /^0x[0-9a-f]{1,16}$/.test(value);
}

/** Every byte's two lowercase hex digits: answers carry up to tens of thousands of bytes per case. */
const HEX_BYTES = Array.from({ length: 256 }, (_, b) => (b < 16 ? "0" : "") + b.toString(16));

/** Bytes as lowercase hex, two digits each. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX_BYTES[bytes[i] ?? 0] ?? "";
  return out;
}

/**
 * One number field of the learner's answer (Number.isInteger, so any whole number). A bigint gets its own message,
 * `<name> must be a number, not a bigint (5n)<bigintAdvice>`; anything else `<name> must be a whole number, got ...`.
 */
export function requireAnswerNumber(
  value: unknown,
  name: string,
  describe: (value: unknown) => string,
  bigintAdvice = "",
): number {
  if (typeof value === "bigint") throw new Error(`${name} must be a number, not a bigint (${value}n)${bigintAdvice}`);
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new Error(`${name} must be a whole number, got ${describe(value)}`);
  }
  return value;
}

/** What a learner's function must return when its whole answer is one number. */
export interface ReturnedNumber {
  /** The function as messages name it: `read()`, `copyFromUser`. */
  fn: string;
  /** For a Promise: `... make it a plain (not async) function returning <returning>`. */
  returning: string;
  /** For anything but a whole number: `<fn> must return <mustReturn>, got ...`. */
  mustReturn: string;
  /** Which numbers are whole; Number.isSafeInteger unless given. */
  isWhole?: (value: number) => boolean;
}

/** The learner's answer as one whole number: a Promise, a bigint and anything else are refused by name. */
export function requireReturnedNumber(value: unknown, expected: ReturnedNumber): number {
  const { fn, returning, mustReturn, isWhole = Number.isSafeInteger } = expected;
  refusePromise(value, fn, returning);
  if (typeof value === "bigint") throw new Error(`${fn} must return a number, not a bigint (${value}n)`);
  if (typeof value !== "number" || !isWhole(value)) {
    throw new Error(`${fn} must return ${mustReturn}, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * The validators of one adapter's wire input (fixture meta and case input), whose messages start with `who`:
 * `<who>: <what> must be <mustBe>, got <value>`, the value named by describeValue with `options`.
 */
export function inputChecks(who: string, options: DescribeOptions = {}) {
  const describe = (value: unknown): string => describeValue(value, options);
  const fail = (what: string, mustBe: string, value: unknown): never => {
    throw new Error(`${who}: ${what} must be ${mustBe}, got ${describe(value)}`);
  };
  /** A safe integer in [min, max]. */
  const requireInteger = (value: unknown, what: string, mustBe: string, min = 0, max = Number.MAX_SAFE_INTEGER) =>
    isWholeNumber(value, min, max) ? value : fail(what, mustBe, value);
  const requireU32 = (value: unknown, what: string): number =>
    requireInteger(value, what, "an unsigned 32-bit number", 0, 0xffffffff);
  const requireBoolean = (value: unknown, what: string): boolean =>
    typeof value === "boolean" ? value : fail(what, "a boolean", value);
  const requireAccess = (value: unknown): Access =>
    value === "read" || value === "write" || value === "exec"
      ? value
      : fail("input access", '"read", "write" or "exec"', value);
  const requireHex64 = (value: unknown, what: string, mustBe: string): bigint =>
    isHex64(value) ? BigInt(value) : fail(what, mustBe, value);
  /** An object; `<who>: <what> must be an object` (no value: there is nothing useful to show). */
  const requireObject = (value: unknown, what: string): Record<string, unknown> => {
    if (!isRecord(value)) throw new Error(`${who}: ${what} must be an object`);
    return value;
  };
  /** `parse(value, what)`, or undefined when the value is absent. */
  const optional = <T>(value: unknown, parse: (value: unknown, what: string) => T, what: string): T | undefined =>
    value === undefined ? undefined : parse(value, what);
  return {
    describe,
    fail,
    requireInteger,
    requireU32,
    requireBoolean,
    requireAccess,
    requireHex64,
    requireObject,
    optional,
  };
}
