import { describe, expect, it } from "vitest";
import type { RegradeProgress } from "../../server/regrade/runs";
import { readRegradeArgs } from "./args";
import { progressLine, summaryJson, summaryLines } from "./report";

const progress = (overrides: Partial<RegradeProgress> = {}): RegradeProgress => ({
  runId: "run-1",
  exerciseId: "walk-32",
  exerciseVersion: "0123456789abcdef",
  dryRun: false,
  status: "running",
  total: 30,
  regraded: 10,
  changed: 2,
  failed: 2,
  pending: 18,
  changes: [
    { submissionId: "s1", userId: "u1", name: "Ada", email: "ada@example.test", oldScore: 7, newScore: 9 },
    { submissionId: "s2", userId: "u2", name: "Bob", email: "bob@example.test", oldScore: null, newScore: 3.5 },
  ],
  failures: ["s9: The grader failed on this submission during the regrade; its grade was left as it was."],
  ...overrides,
});

describe("npm run regrade's output", () => {
  it("draws a progress bar of what is finished (regraded or failed)", () => {
    expect(progressLine(progress(), 10)).toBe("[####------]  40%  12/30 regraded, 2 changed, 2 failed");
    expect(progressLine(progress({ total: 0, regraded: 0, failed: 0, changed: 0 }), 4)).toBe("[####] 100%  0/0 regraded, 0 changed, 0 failed");
  });

  it("summarises in words, one line per change and per failure, and says a dry run changed nothing", () => {
    expect(summaryLines(progress({ status: "done" }))).toEqual([
      "Regraded 10 of 30 submission(s) of walk-32 against version 0123456789abcdef: 2 changed, 8 unchanged, 2 failed.",
      "  ada@example.test: 7 -> 9  (submission s1)",
      "  bob@example.test: none -> 3.5  (submission s2)",
      "  failed: s9: The grader failed on this submission during the regrade; its grade was left as it was.",
    ]);
    expect(summaryLines(progress({ dryRun: true, failures: [] })).at(-1)).toBe("Nothing was changed. Run it again without --dry-run to apply these grades.");
  });

  it("ends --json with one object: counts and every change with old and new scores", () => {
    expect(JSON.parse(summaryJson(progress()))).toEqual({
      runId: "run-1",
      exerciseId: "walk-32",
      exerciseVersion: "0123456789abcdef",
      dryRun: false,
      total: 30,
      regraded: 10,
      changed: 2,
      unchanged: 8,
      failed: 2,
      changes: [
        { submissionId: "s1", userId: "u1", email: "ada@example.test", oldScore: 7, newScore: 9 },
        { submissionId: "s2", userId: "u2", email: "bob@example.test", oldScore: null, newScore: 3.5 },
      ],
      failures: ["s9: The grader failed on this submission during the regrade; its grade was left as it was."],
    });
  });

  it("reads its arguments strictly", () => {
    expect(readRegradeArgs(["--exercise", "walk-32", "--course", "c", "--dry-run", "--json"])).toEqual({ ok: true, args: { exercise: "walk-32", course: "c", "dry-run": true, json: true } });
    expect(readRegradeArgs(["--exercise", "Walk 32"])).toMatchObject({ ok: false, message: expect.stringMatching(/^--exercise takes an exercise id/) });
    expect(readRegradeArgs(["walk-32"])).toMatchObject({ ok: false });
  });
});
