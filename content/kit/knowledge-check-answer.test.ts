import { describe, expect, it } from "vitest";
import { formatIntegerAnswer, parseIntegerAnswer } from "./knowledge-check-answer";

const value = (raw: string) => {
  const parsed = parseIntegerAnswer(raw);
  return parsed.ok ? parsed.value : parsed.message;
};

describe("parseIntegerAnswer", () => {
  it("reads the PDE index of 0xc0101234 however a learner writes it", () => {
    for (const raw of [
      "0x300",
      "0X300",
      "768",
      " 768 ",
      "0x 300",
      "0x0300",
      "+768",
      "0b1100000000",
      "7_68",
      "\t0x300\n",
    ]) {
      expect(value(raw), raw).toBe(768n);
    }
  });

  it("keeps 64-bit addresses exact (bigint, beyond 2^53)", () => {
    expect(value("0xffff888000001000")).toBe(0xffff888000001000n);
    expect(value("0xFFFF_8880_0000_1000")).toBe(0xffff888000001000n);
    expect(value("0x00007ffffffff000")).toBe(140737488351232n);
  });

  it("reads negative numbers such as -EFAULT", () => {
    expect(value("-14")).toBe(-14n);
    expect(value("-0xe")).toBe(-14n);
  });

  it.each([
    ["c0101234", "0xc0101234"],
    ["ff", "0xff"],
    ["-e", "-0xe"],
    // 1e3 is not a C integer literal; as hex digits it gets the same hint.
    ["1e3", "0x1e3"],
  ])("refuses hex without 0x instead of guessing, and says how to write it: %j as %s", (raw, hex) => {
    expect(value(raw)).toBe(`Write hex numbers with 0x: ${hex}.`);
  });

  it("refuses what is not a whole number, and empty or overlong input", () => {
    for (const raw of ["12q", "0x", "0xg1", "1.5", "0b102", "--1", "0x-1", "768h"]) {
      expect(value(raw), raw).toMatch(/not a whole number/);
    }
    expect(value("   ")).toBe("Type a number first.");
    expect(value("1".repeat(81))).toMatch(/at most 80 characters/);
  });
});

describe("formatIntegerAnswer", () => {
  it.each([
    ["0x300", "0x300 (768)"],
    ["896", "896 (0x380)"],
    ["-14", "-14 (-0xe)"],
    ["0x00007ffffffff000", "0x00007ffffffff000 (140737488351232)"],
  ])("shows both bases, the author's spelling first: %j as %j", (answer, shown) => {
    expect(formatIntegerAnswer(answer)).toBe(shown);
  });

  it.each(["0x7", "5"])("keeps a one-digit answer as written, since both bases agree: %j", (answer) => {
    expect(formatIntegerAnswer(answer)).toBe(answer);
  });
});
