import { describe, expect, it } from "vitest";
import { RESULT_SCHEMA_VERSION, type CheckResult, type GradeResult } from "../../contract/grade-result";
import type { SubmissionView } from "../../contract/http/submissions";
import { summarizeRun, summarizeSubmission } from "./result-summary";

function check(name: string, verdict: CheckResult["verdict"], points = 5): CheckResult {
  return { name, visibility: "public", points, earned: verdict === "pass" ? points : 0, verdict, message: "", casesRun: 4, casesPassed: verdict === "pass" ? 4 : 1 };
}

function result(overrides: Partial<GradeResult>): GradeResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    status: "graded",
    score: 0,
    maxScore: 20,
    message: "",
    checks: [],
    compileErrors: [],
    console: "",
    exerciseId: "walk-32",
    exerciseVersion: "v",
    graderVersion: "g",
    seed: "s",
    hiddenSeed: "h",
    timings: { compileMs: 1, runMs: 1, totalMs: 2 },
    ...overrides,
  };
}

function submission(overrides: Partial<SubmissionView>): SubmissionView {
  return {
    id: "sub-1",
    exerciseId: "walk-32",
    status: "graded",
    rawScore: 20,
    credit: 100,
    creditReason: "always_open",
    windowIndex: null,
    graceDays: 0,
    score: 20,
    regradedFrom: null,
    maxScore: 20,
    message: null,
    result: null,
    createdAt: "2026-12-07T10:00:00.000Z",
    finishedAt: null,
    code: "",
    ...overrides,
  };
}

describe("summarizeRun", () => {
  it("counts the public checks that pass, and says a run is not graded", () => {
    const outcome = { kind: "run" as const, status: "graded" as const, message: "", checks: [check("a", "pass"), check("b", "fail"), check("c", "pass"), check("d", "pass")], compileErrors: [], console: "" };
    expect(summarizeRun(outcome)).toEqual({ tone: "warn", text: "Run: 3 of 4 public checks pass (not graded; Submit to be graded)." });
    const allPass = { ...outcome, checks: outcome.checks.map((c) => ({ ...c, verdict: "pass" as const })) };
    expect(summarizeRun(allPass).tone).toBe("ok");
    expect(summarizeRun(allPass).text).toMatch(/^Run: all 4 public checks pass/);
  });

  it("gives a compile error its line and column, and no score", () => {
    const outcome = {
      kind: "run" as const,
      status: "compile_error" as const,
      message: "Fix these 2 errors first.",
      checks: [],
      compileErrors: [
        { line: 12, column: 5, message: "Property 'read33' does not exist on type 'PhysicalMemory'." },
        { line: 14, column: 1, message: "Cannot find name 'x'." },
      ],
      console: "",
    };
    const summary = summarizeRun(outcome);
    expect(summary.tone).toBe("error");
    expect(summary.text).toBe("Compile error at line 12, column 5: Property 'read33' does not exist on type 'PhysicalMemory' (and 1 more). No score.");
    expect(summary.text).not.toMatch(/\d+ \/ \d+/);
  });

  it("names a time limit", () => {
    const summary = summarizeRun({ kind: "run", status: "timeout", message: "Look for a loop that never ends.", checks: [], compileErrors: [], console: "" });
    expect(summary).toEqual({ tone: "error", text: "Run: time limit hit. Look for a loop that never ends." });
  });
});

describe("summarizeSubmission", () => {
  it("says how many submissions were waiting before a queued one", () => {
    expect(summarizeSubmission(submission({ status: "queued", score: null }), 3).text).toBe("Submitted: waiting for a grader. 3 submissions were waiting before yours.");
    expect(summarizeSubmission(submission({ status: "queued", score: null }), 1).text).toMatch(/1 submission was waiting/);
    expect(summarizeSubmission(submission({ status: "queued", score: null }), 0).text).toBe("Submitted: waiting for a grader.");
    expect(summarizeSubmission(submission({ status: "running", score: null }), null)).toEqual({ tone: "busy", text: "Submitted: grading…" });
  });

  it("gives the credited score and the checks that pass", () => {
    const checks = [check("a", "pass"), check("b", "fail"), check("c", "pass")];
    const partial = summarizeSubmission(submission({ score: 12.5, rawScore: 12.5, result: result({ checks }) }), null);
    expect(partial).toEqual({ tone: "warn", text: "Graded, 12.5 / 20: 2 of 3 checks pass." });
    const full = summarizeSubmission(submission({ result: result({ checks: checks.map((c) => ({ ...c, verdict: "pass" as const })) }) }), null);
    expect(full).toEqual({ tone: "ok", text: "Full marks, 20 / 20: 3 of 3 checks pass." });
  });

  it("shows no score for a compile error, and names limits", () => {
    const compile = summarizeSubmission(
      submission({ score: 0, rawScore: 0, result: result({ status: "compile_error", compileErrors: [{ line: 3, column: 9, message: "';' expected." }] }) }),
      null,
    );
    expect(compile.text).toBe("Submission: Compile error at line 3, column 9: ';' expected. No score.");
    expect(compile.text).not.toMatch(/0 \/ 20/);
    const memory = summarizeSubmission(submission({ score: 0, rawScore: 0, result: result({ status: "memory_limit", message: "Your code used more than 64 MB." }) }), null);
    expect(memory).toEqual({ tone: "error", text: "Submission: memory limit hit, 0 / 20. Your code used more than 64 MB." });
  });

  it("tells a learner that a platform failure is not theirs and costs no attempt", () => {
    const failed = summarizeSubmission(submission({ status: "failed", score: null, message: "The grader failed 3 times." }), null);
    expect(failed).toEqual({ tone: "error", text: "Not graded: The grader failed 3 times. It does not count as an attempt." });
  });
});
