import { describe, expect, it } from "vitest";
import { hardestCheck, readStoredChecks, summariseChecks } from "./check-failures";

const check = (name: string, verdict: "pass" | "fail", message = "ok", visibility: "public" | "hidden" = "public") => ({
  name,
  visibility,
  points: 1,
  earned: verdict === "pass" ? 1 : 0,
  verdict,
  ...(verdict === "pass" ? {} : { failure: "wrong_answer" }),
  message,
  casesRun: 4,
  casesPassed: verdict === "pass" ? 4 : 1,
  traces: { learner: null, reference: null },
});
const result = (...checks: ReturnType<typeof check>[]) =>
  JSON.stringify({ schemaVersion: 1, status: "graded", checks, console: "x".repeat(100) });

describe("summariseChecks", () => {
  it("counts per check the results that have it and fail it, in the newest result's order, and finds the hardest", () => {
    const summary = summariseChecks([
      result(check("first", "fail", "got 0x10, expected 0x20"), check("second", "fail", "case 3 wrong")),
      result(check("second", "pass"), check("first", "fail", "got 0x11, expected 0x21"), check("old", "fail", "gone")),
      result(check("first", "pass"), check("second", "fail", "case 4 wrong")),
    ]);
    expect(summary.checks.map((c) => [c.name, c.graded, c.failing])).toEqual([
      ["first", 3, 2],
      ["second", 3, 2],
      ["old", 1, 1],
    ]);
    expect(summary.checks[0]?.commonFailure).toEqual({
      pattern: "got 0x…, expected 0x…",
      count: 2,
      example: "got 0x10, expected 0x20",
    });
    // first and second both fail 2 of 3: the tie goes to the earlier; old fails 1 of 1.
    expect(summary.hardestCheck).toBe(2);
    expect(summary.unreadable).toBe(0);
  });

  it("skips results that are missing, not JSON or not a result, and never quotes a hidden check", () => {
    const summary = summariseChecks([
      null,
      "{not json",
      JSON.stringify({ schemaVersion: 2, checks: [] }),
      JSON.stringify({ schemaVersion: 1, checks: [{ name: "first" }] }),
      result(check("secret", "fail", "Walking 0xc0001234: expected pa 0x00222234", "hidden")),
    ]);
    expect(summary.unreadable).toBe(4);
    const [secret] = summary.checks;
    expect(secret).toMatchObject({ name: "secret", visibility: "hidden", graded: 1, failing: 1, failShare: 1 });
    expect(secret?.commonFailure?.example).toBeNull();
    expect(JSON.stringify(summary)).not.toContain("0x00222234");
  });

  it("reads only the validated fields of a stored result", () => {
    expect(readStoredChecks(result(check("a", "pass")))).toEqual([
      { name: "a", visibility: "public", verdict: "pass", message: "ok", casesRun: 4, casesPassed: 4 },
    ]);
  });
});

describe("hardestCheck", () => {
  it("is null when no check fails", () => {
    expect(hardestCheck([{ failing: 0, failShare: 0 }])).toBeNull();
    expect(hardestCheck([])).toBeNull();
  });
});
