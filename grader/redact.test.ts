import { describe, expect, it } from "vitest";
import { hiddenCheckMessage, redactForLearner } from "./redact";
import { gradeResultSchema, RESULT_SCHEMA_VERSION, type CheckResult, type Failure, type GradeResult } from "../contract/grade-result";

// What a learner reads of a result: the hidden side of a grade (cases, expected values, what the code printed while
// hidden checks ran, grader faults naming a case, the hidden seed) must not survive redaction anywhere in the JSON.

const MARKER = "SECRET-0xc0101234";

const hidden = (verdict: CheckResult["verdict"], failure?: Failure): CheckResult => ({
  name: `hidden ${verdict}`,
  visibility: "hidden",
  points: 1,
  earned: verdict === "pass" ? 1 : 0,
  verdict,
  ...(failure ? { failure } : {}),
  message: `walking ${MARKER}: you returned 0x1, expected a page fault`,
  casesRun: 3,
  casesPassed: verdict === "pass" ? 3 : 2,
  traces: { learner: { steps: [{ level: "PDE", entryAddress: MARKER, entryValue: "0x1", flags: [], note: MARKER }], outcome: `pa ${MARKER}` }, reference: { steps: [], outcome: MARKER } },
});

const result: GradeResult = {
  schemaVersion: RESULT_SCHEMA_VERSION,
  status: "graded",
  score: 2,
  maxScore: 6,
  message: "Passed 2 of 6 checks: 2/6 points.",
  checks: [
    {
      name: "public fail",
      visibility: "public",
      points: 1,
      earned: 0,
      verdict: "fail",
      failure: "wrong_answer",
      message: "walking 0x00401000: you returned 0x1, expected a page fault",
      casesRun: 3,
      casesPassed: 2,
      traces: { learner: { steps: [], outcome: "pa 0x1" }, reference: { steps: [], outcome: "#PF" } },
    },
    { name: "public pass", visibility: "public", points: 1, earned: 1, verdict: "pass", message: "All 3 cases passed.", casesRun: 3, casesPassed: 3 },
    hidden("fail", "wrong_answer"),
    hidden("pass"),
    hidden("error", "error"),
    hidden("timeout"),
  ],
  compileErrors: [],
  console: "public output\n",
  exerciseId: "walk-32",
  exerciseVersion: "v",
  graderVersion: "g",
  seed: "s",
  hiddenSeed: `seed-${MARKER}`,
  timings: { compileMs: 1, runMs: 1, totalMs: 2 },
  serverOnly: { hiddenConsole: `va=${MARKER}\n`, faultDetail: `the reference threw on ${MARKER}` },
};

describe("redactForLearner", () => {
  const redacted = redactForLearner(result);

  it("leaves the marker planted in hidden messages, traces, hidden console, fault detail and hidden seed nowhere in the JSON", () => {
    expect(gradeResultSchema.parse(result)).toEqual(result);
    expect(JSON.stringify(result)).toContain(MARKER);
    expect(JSON.stringify(redacted)).not.toContain(MARKER);
    expect(redacted.serverOnly).toBeUndefined();
    expect(redacted.hiddenSeed).toBe("");
  });

  it("keeps public checks, the summary, the learner's public console and the grade exactly as they were", () => {
    expect(redacted.checks.slice(0, 2)).toEqual(result.checks.slice(0, 2));
    expect(redacted).toMatchObject({ status: "graded", score: 2, maxScore: 6, message: result.message, console: "public output\n", seed: "s" });
  });

  it("keeps a hidden check's name, points, verdict, failure kind and counts, with no traces", () => {
    const failed = redacted.checks[2];
    expect(failed).toEqual({
      name: "hidden fail",
      visibility: "hidden",
      points: 1,
      earned: 0,
      verdict: "fail",
      failure: "wrong_answer",
      message: hiddenCheckMessage(hidden("fail", "wrong_answer")),
      casesRun: 3,
      casesPassed: 2,
    });
    for (const redactedCheck of redacted.checks.slice(2)) expect(redactedCheck.traces).toBeUndefined();
  });

  it("drops fields it does not know of from the result and hidden checks (a field added later stays on the server)", () => {
    const extended = { ...result, checks: result.checks.map((c) => (c.visibility === "hidden" ? { ...c, debug: MARKER } : c)), debug: MARKER };
    expect(JSON.stringify(redactForLearner(extended))).not.toContain(MARKER);
  });

  it("passes the contract's schema: the learner's browser validates what it receives", () => {
    expect(gradeResultSchema.safeParse(redacted).success).toBe(true);
  });
});

describe("hiddenCheckMessage", () => {
  const of = (verdict: CheckResult["verdict"], failure?: Failure, casesRun = 6, casesPassed = 5) =>
    hiddenCheckMessage({ name: "Reserved bit 21 in a 4 MB PDE", verdict, casesRun, casesPassed, ...(failure ? { failure } : {}) });

  it("names the kind of case (the check's name), how it failed and how many cases passed", () => {
    expect(of("fail", "wrong_answer")).toMatch(/^Your code returned a wrong answer on a hidden case of "Reserved bit 21 in a 4 MB PDE" \(5 of its 6 cases passed\)\. Hidden cases are not shown/);
    expect(of("error", "error")).toMatch(/^Your code threw an error or gave no usable answer on a hidden case of "Reserved bit 21 in a 4 MB PDE" \(5 of its 6 cases passed\)/);
    expect(of("timeout", "timeout", 0, 0)).toMatch(/^Your code took too long on a hidden case of "Reserved bit 21 in a 4 MB PDE"/);
    expect(of("error", "out_of_memory", 0, 0)).toMatch(/^Your code ran out of memory on a hidden case of/);
    expect(of("not_run", "not_run", 0, 0)).toMatch(/^This hidden check did not run/);
    expect(of("error", "grader_fault", 0, 0)).toMatch(/not your code's fault/);
    expect(of("pass", undefined, 6, 6)).toBe("All 6 hidden cases passed.");
  });

  it("reads the failure kind from the verdict for results stored before the kind existed", () => {
    expect(of("fail")).toBe(of("fail", "wrong_answer"));
    expect(of("error")).toBe(of("error", "error"));
    expect(of("timeout")).toBe(of("timeout", "timeout"));
    expect(of("not_run")).toBe(of("not_run", "not_run"));
  });
});
