import { describe, expect, it } from "vitest";
import { HIDDEN_CHECK_MESSAGE, RESULT_SCHEMA_VERSION, redactForLearner, type CheckResult, type GradeResult } from "./result";

const check = (visibility: "public" | "hidden", verdict: CheckResult["verdict"]): CheckResult => ({
  name: `${visibility} ${verdict}`,
  visibility,
  points: 1,
  earned: verdict === "pass" ? 1 : 0,
  verdict,
  message: "walking 0xc0101234: you returned 0x1, expected a page fault",
  casesRun: 3,
  casesPassed: verdict === "pass" ? 3 : 2,
  traces: { learner: { steps: [], outcome: "pa 0x1" }, reference: { steps: [], outcome: "#PF" } },
});

const result: GradeResult = {
  schemaVersion: RESULT_SCHEMA_VERSION,
  status: "graded",
  score: 2,
  maxScore: 4,
  message: "2 of 4",
  checks: [check("public", "fail"), check("public", "pass"), check("hidden", "fail"), check("hidden", "pass")],
  compileErrors: [],
  console: "",
  exerciseId: "walk-32",
  exerciseVersion: "v",
  graderVersion: "g",
  seed: "s",
  hiddenSeed: "secret-seed",
  timings: { compileMs: 1, runMs: 1, totalMs: 2 },
};

describe("redactForLearner", () => {
  const redacted = redactForLearner(result);

  it("keeps public checks as they are", () => {
    expect(redacted.checks.slice(0, 2)).toEqual(result.checks.slice(0, 2));
  });

  it("hides the inputs of hidden checks (message, traces) and the hidden seed, keeping name, points and verdict", () => {
    const [failed, passed] = redacted.checks.slice(2);
    expect(failed).toMatchObject({ name: "hidden fail", points: 1, earned: 0, verdict: "fail", message: HIDDEN_CHECK_MESSAGE });
    expect(failed?.traces).toBeUndefined();
    expect(passed?.traces).toBeUndefined();
    expect(redacted.hiddenSeed).toBe("");
    expect(JSON.stringify(redacted.checks.slice(2))).not.toContain("0xc0101234");
  });
});
