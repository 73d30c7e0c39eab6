import { describe, expect, it } from "vitest";
import { failureSample, mostCommonFailure, normaliseMessage, type CheckForMessage } from "./failure-patterns";

// Real messages, from walk-32's, copy-from-user's and sample-ring's starters graded with different seeds.
const WALK_SEED_1 =
  "Case 1 of 6 (0 passed): Walking 0x08048000 for a user read: you returned pa 0x08048000 (a 4 KB page), expected pa 0xf83aa000 (a 4 KB page).";
const WALK_SEED_2 =
  "Case 1 of 6 (0 passed): Walking 0x08048000 for a user read: you returned pa 0x08048000 (a 4 KB page), expected pa 0x21ccf000 (a 4 KB page).";
const WALK_PATTERN =
  "Case # of # (# passed): Walking 0x… for a user read: you returned pa 0x… (a # KB page), expected pa 0x… (a # KB page).";
const WALK_FAULT =
  "Case 2 of 40 (5 passed): Walking 0xf76e84af for a user read with CR0.WP = 0: you returned pa 0xf76e84af (a 4 KB page), expected a page fault with error code 0x5 (P|U) and CR2 0xf76e84af. Hint: A user access needs U/S = 1 in both the PDE and the PTE.";

const check = (over: Partial<CheckForMessage>): CheckForMessage => ({
  name: "4 KB pages in your process",
  visibility: "public",
  verdict: "fail",
  failure: "wrong_answer",
  message: WALK_SEED_1,
  casesRun: 6,
  casesPassed: 0,
  ...over,
});

describe("normaliseMessage", () => {
  it("gives the same pattern to the same mistake on two learners' seeded inputs", () => {
    expect(normaliseMessage(WALK_SEED_1)).toBe(WALK_PATTERN);
    expect(normaliseMessage(WALK_SEED_2)).toBe(WALK_PATTERN);
  });

  it("blanks hex literals (any case) and standalone numbers, fractions and ranges included", () => {
    expect(
      normaliseMessage(
        "Copying 300 bytes from 0x7f0000320F80: expected 172 bytes not copied, and dest[128..299] zero.",
      ),
    ).toBe("Copying # bytes from 0x…: expected # bytes not copied, and dest[#..#] zero.");
    expect(normaliseMessage("values[0] is 0XA5F, expected 0xf5a; took 1.5 ms")).toBe(
      "values[#] is 0x…, expected 0x…; took # ms",
    );
    expect(normaliseMessage("head - tail = 32769, more than 32768: expected lost = 32769 - 32768 = 1")).toBe(
      "head - tail = #, more than #: expected lost = # - # = #",
    );
  });

  it("keeps digits that are part of a name: registers, bug ids, C types, x86-64, 4-level", () => {
    const message = "With CR0.WP = 0 and CR4.SMAP = 1 (B9, B15) an int16_t on x86-64 with 4-level paging and PSE-36";
    expect(normaliseMessage(message)).toBe(
      "With CR0.WP = # and CR4.SMAP = # (B9, B15) an int16_t on x86-64 with 4-level paging and PSE-36",
    );
  });

  it("tells different mistakes of one check apart", () => {
    expect(normaliseMessage(WALK_FAULT)).toBe(
      "Case # of # (# passed): Walking 0x… for a user read with CR0.WP = #: you returned pa 0x… (a # KB page), expected a page fault with error code 0x… (P|U) and CR2 0x…. Hint: A user access needs U/S = # in both the PDE and the PTE.",
    );
    expect(normaliseMessage(WALK_FAULT)).not.toBe(WALK_PATTERN);
  });

  it("folds runs of white space into one space", () => {
    expect(normaliseMessage("  Not run:\n the code\tdoes not compile.  ")).toBe("Not run: the code does not compile.");
  });
});

describe("failureSample", () => {
  it("keeps a public check's real message as the example", () => {
    expect(failureSample(check({}))).toEqual({ pattern: WALK_PATTERN, example: WALK_SEED_1 });
  });

  it("never reads a hidden check's stored message: the pattern is what its learner was shown, and there is no example", () => {
    const hidden = check({
      name: "Differential: 200 random walks on a fresh machine",
      visibility: "hidden",
      message:
        "Case 1 of 200 (18 passed): Walking 0xb7ee9b94 for a user read: you returned pa 0xb7ee9b94 (a 4 KB page), expected pa 0x378d4b94 (a 4 KB page).",
      casesRun: 200,
      casesPassed: 18,
    });
    const sample = failureSample(hidden);
    expect(sample.example).toBeNull();
    expect(sample.pattern).not.toContain("0x");
    expect(sample.pattern).not.toContain("Walking");
    // The author's name keeps its numbers; the learner's counts are blanked.
    expect(sample.pattern).toBe(
      'Your code returned a wrong answer on a hidden case of "Differential: 200 random walks on a fresh machine" (# of its # cases passed). Hidden cases are not shown: the check\'s name says which kind of case it is, so reread that part of the lesson and try such a case yourself with Run.',
    );
  });

  it("gives a hidden check that timed out its own pattern", () => {
    const sample = failureSample(check({ name: "SMAP", visibility: "hidden", verdict: "timeout", failure: "timeout" }));
    expect(sample.pattern).toMatch(/^Your code took too long on a hidden case of "SMAP"/);
  });
});

describe("mostCommonFailure", () => {
  it("picks the pattern most learners share, with its count and the first public example given", () => {
    const samples = [
      { pattern: "B", example: "b newest" },
      { pattern: "A", example: "a newest" },
      { pattern: "A", example: "a older" },
      { pattern: "B", example: "b older" },
      { pattern: "A", example: "a oldest" },
    ];
    expect(mostCommonFailure(samples)).toEqual({ pattern: "A", count: 3, example: "a newest" });
  });

  it("breaks a tie in favour of the pattern met first, and takes an example from a later sample when the first has none", () => {
    expect(
      mostCommonFailure([
        { pattern: "A", example: null },
        { pattern: "B", example: "b" },
        { pattern: "A", example: "a" },
        { pattern: "B", example: "b2" },
      ]),
    ).toEqual({ pattern: "A", count: 2, example: "a" });
  });

  it("is null for no failures", () => {
    expect(mostCommonFailure([])).toBeNull();
  });
});
