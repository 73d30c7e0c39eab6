import { describe, expect, it } from "vitest";
import {
  bytesToHex,
  describeValue,
  field,
  inputChecks,
  isHex64,
  isPromiseLike,
  isWholeNumber,
  refusePromise,
  requireAnswerNumber,
  requireReturnedNumber,
} from "./adapter-values";

describe("describeValue", () => {
  it("names a value as messages do, with the exercise's wording for bigints and strings", () => {
    const values = [undefined, null, "x", 5n, [1], { a: 1 }, 1.5, true];
    expect(values.map((v) => describeValue(v))).toEqual([
      "undefined",
      "null",
      '"x"',
      "5n",
      "an array",
      "an object",
      "1.5",
      "true",
    ]);
    expect(describeValue(5n, { bigint: String })).toBe("5");
    expect(describeValue(5n, { bigint: (v) => `${v}n (a bigint; return a number)` })).toBe(
      "5n (a bigint; return a number)",
    );
    expect(describeValue("x", { quoteStrings: false })).toBe("x");
  });
});

describe("the predicates", () => {
  it("tell Promises, whole numbers in a range, 64-bit hex and a returned object's fields", () => {
    expect([Promise.resolve(1), { then: () => 1 }, { then: 1 }, null, 1].map(isPromiseLike)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([
      isWholeNumber(3, 0, 3),
      isWholeNumber(4, 0, 3),
      isWholeNumber(1.5),
      isWholeNumber(2 ** 53),
      isWholeNumber("1"),
    ]).toEqual([true, false, false, false, false]);
    expect(["0x0", "0xffffffffffffffff", "0x10000000000000000", "0XFF", "0xAB", 1].map(isHex64)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    const seen: string[] = [];
    const proxy = new Proxy({ pa: 1 }, { get: (t, k) => (seen.push(String(k)), Reflect.get(t, k)) });
    expect([field(proxy, "pa"), field(proxy, "size")]).toEqual([1, undefined]);
    expect(seen).toEqual(["pa"]);
    expect(bytesToHex(Uint8Array.from([0, 15, 16, 255]))).toBe("000f10ff");
  });
});

describe("the learner's answer", () => {
  it("is refused by name when it is a Promise, a bigint or not a whole number", () => {
    expect(() => refusePromise(Promise.resolve(0), "f")).toThrow(
      /^f returned a Promise; make it a plain \(not async\) function$/,
    );
    expect(() => refusePromise(Promise.resolve(0), "f", "a number")).toThrow(/function returning a number$/);
    expect(() => refusePromise(0, "f")).not.toThrow();
    const expected = { fn: "read()", returning: "a number", mustReturn: "the bytes read (a whole number)" };
    expect(requireReturnedNumber(-14, expected)).toBe(-14);
    expect(() => requireReturnedNumber(2n, expected)).toThrow(/^read\(\) must return a number, not a bigint \(2n\)$/);
    expect(() => requireReturnedNumber("1", expected)).toThrow(
      /^read\(\) must return the bytes read \(a whole number\), got "1"$/,
    );
    expect(() => requireReturnedNumber(2 ** 60, expected)).toThrow(/got 1152921504606847000$/);
    expect(requireReturnedNumber(2 ** 60, { ...expected, isWhole: Number.isInteger })).toBe(2 ** 60);
    const describe = (v: unknown) => describeValue(v);
    expect(() => requireAnswerNumber(1n, "pa", describe, ": use Number(...)")).toThrow(
      /^pa must be a number, not a bigint \(1n\): use Number\(\.\.\.\)$/,
    );
    expect(() => requireAnswerNumber(0.5, "pa", describe)).toThrow(/^pa must be a whole number, got 0.5$/);
  });
});

describe("inputChecks", () => {
  const checks = inputChecks("demo adapter");

  it("validates wire inputs with messages that name the adapter and the value", () => {
    expect(checks.requireU32(0xffffffff, "input va")).toBe(0xffffffff);
    expect(() => checks.requireU32(-1, "input va")).toThrow(
      /^demo adapter: input va must be an unsigned 32-bit number, got -1$/,
    );
    expect(() => checks.requireInteger(53, "maxPhyAddr", "an integer in [32, 52]", 32, 52)).toThrow(
      /must be an integer in \[32, 52\], got 53/,
    );
    expect(checks.requireHex64("0x10", "input va", "0x-hex")).toBe(16n);
    expect(() => checks.requireHex64(16, "input va", "0x-hex")).toThrow(
      /^demo adapter: input va must be 0x-hex, got 16$/,
    );
    expect(checks.requireAccess("exec")).toBe("exec");
    expect(() => checks.requireAccess("run")).toThrow(
      /^demo adapter: input access must be "read", "write" or "exec", got "run"$/,
    );
    expect(() => checks.requireBoolean(1, "input user")).toThrow(/input user must be a boolean, got 1/);
    expect(checks.optional(undefined, checks.requireBoolean, "input ac")).toBeUndefined();
    expect(checks.requireObject({ a: 1 }, "input layout")).toEqual({ a: 1 });
    expect(() => checks.requireObject(null, "input layout")).toThrow(/^demo adapter: input layout must be an object$/);
    expect(() => checks.fail("op", '"map"', 3n)).toThrow(/^demo adapter: op must be "map", got 3n$/);
    expect(() => inputChecks("x", { quoteStrings: false }).requireU32("7", "cr3")).toThrow(/got 7$/);
  });
});
