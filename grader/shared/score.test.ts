import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkResultSchema } from "../../contract/grade-result";
import { exerciseSettingsSchema, type CaseAnswer, type CheckGroup, type ExerciseSpec } from "../../contract/exercise";
import { scoreChecks, stoppedResult } from "./score";

// scoreChecks judges in the server grader and in the browser alike: every path, checked against the contract.

const FIXTURE = { frames: [], bytes: new Uint8Array(0), meta: {} };

const spec: ExerciseSpec<number> = {
  settings: exerciseSettingsSchema.parse({ id: "add", title: "Add", points: 2, entry: "add" }),
  outputSchema: z.number().int(),
  compare: (input, expected, actual) =>
    expected === actual
      ? { pass: true }
      : {
          pass: false,
          message: `add(${String(input.a)}, ${String(input.b)}): you returned ${actual}, expected ${expected}.`,
        },
  publicChecks: () => [],
  trace: (_fixture, input, answer) => ({ steps: [], outcome: `${String(input.a)} + ${String(input.b)} = ${answer}` }),
};

const group = (name: string, pairs: [number, number][], visibility: "public" | "hidden" = "public"): CheckGroup => ({
  name,
  points: 1,
  visibility,
  fixtures: [FIXTURE],
  cases: pairs.map(([a, b]) => ({ fixture: 0, input: { a, b } })),
});
const sums = (g: CheckGroup): CaseAnswer[] =>
  g.cases.map((c) => ({ ok: true, value: Number(c.input.a) + Number(c.input.b) }));
const answers = (...values: unknown[]): CaseAnswer[] => values.map((value) => ({ ok: true, value }));

const THREE = group("three sums", [
  [1, 2],
  [3, 4],
  [5, 6],
]);

describe("scoreChecks", () => {
  it("passes a check whose every case matches, with all its points", () => {
    const [result] = scoreChecks(spec, [THREE], [sums(THREE)], [answers(3, 7, 11)]);
    expect(result).toMatchObject({
      verdict: "pass",
      earned: 1,
      points: 1,
      casesRun: 3,
      casesPassed: 3,
      message: "All 3 cases passed.",
    });
    expect(result?.traces).toBeUndefined();
  });

  it("fails a check on one wrong case, naming the FIRST failing case and counting the passes", () => {
    const [result] = scoreChecks(spec, [THREE], [sums(THREE)], [answers(3, 0, 0)]);
    expect(result).toMatchObject({ verdict: "fail", earned: 0, casesRun: 3, casesPassed: 1 });
    expect(result?.message).toBe("Case 2 of 3 (1 passed): add(3, 4): you returned 0, expected 7.");
    expect(result?.traces).toEqual({
      learner: { steps: [], outcome: "3 + 4 = 0" },
      reference: { steps: [], outcome: "3 + 4 = 7" },
    });
  });

  it("reports a case whose function threw as an error verdict with the learner's error", () => {
    const [result] = scoreChecks(
      spec,
      [THREE],
      [sums(THREE)],
      [
        [
          { ok: true, value: 3 },
          { ok: false, error: "threw Error: boom" },
          { ok: true, value: 11 },
        ],
      ],
    );
    expect(result).toMatchObject({ verdict: "error", earned: 0, casesPassed: 2 });
    expect(result?.message).toContain("Case 2 of 3");
    expect(result?.message).toContain("your function threw Error: boom");
  });

  it("calls a malformed answer a fail that says what shape was expected", () => {
    const [result] = scoreChecks(spec, [THREE], [sums(THREE)], [answers("3", 7.5, { n: 11 })]);
    expect(result).toMatchObject({ verdict: "fail", casesPassed: 0 });
    expect(result?.message).toMatch(
      /^Case 1 of 3 \(0 passed\): with input \{"a":1,"b":2\}, your answer "3" does not have the expected shape/,
    );
  });

  it("treats a missing answer (fewer answers than cases) as an error, not a pass", () => {
    const [result] = scoreChecks(spec, [THREE], [sums(THREE)], [answers(3, 7)]);
    expect(result).toMatchObject({ verdict: "error", casesPassed: 2 });
    expect(result?.message).toContain("gave no answer");
  });

  it("passes timeout, error and not_run outcomes through as verdicts with no points", () => {
    const groups = [group("a", [[1, 1]]), group("b", [[2, 2]]), group("c", [[3, 3]])];
    const results = scoreChecks(spec, groups, groups.map(sums), [
      { stopped: "timeout", message: "This check took longer than 1000 ms." },
      { stopped: "error", message: "Your code ran out of memory." },
      { stopped: "not_run", message: "Not run: an earlier check used up the time budget." },
    ]);
    expect(results.map((r) => [r.verdict, r.earned, r.casesRun, r.message])).toEqual([
      ["timeout", 0, 0, "This check took longer than 1000 ms."],
      ["error", 0, 0, "Your code ran out of memory."],
      ["not_run", 0, 0, "Not run: an earlier check used up the time budget."],
    ]);
  });

  it("says in one word how each failing check failed (a hidden check's learner message is built from it)", () => {
    const groups = [THREE, THREE, THREE, THREE, group("a", [[1, 1]]), group("b", [[2, 2]]), group("c", [[3, 3]])];
    const results = scoreChecks(spec, groups, groups.map(sums), [
      answers(3, 7, 11),
      answers(3, 0, 11),
      answers(3, "7", 11),
      [
        { ok: true, value: 3 },
        { ok: false, error: "threw Error: boom" },
        { ok: true, value: 11 },
      ],
      { stopped: "timeout", message: "This check took longer than 1000 ms." },
      { stopped: "error", failure: "out_of_memory", message: "Your code ran out of memory." },
      { stopped: "not_run", message: "Not run." },
    ]);
    expect(results.map((r) => r.failure)).toEqual([
      undefined,
      "wrong_answer",
      "wrong_answer",
      "error",
      "timeout",
      "out_of_memory",
      "not_run",
    ]);
    const [graderFault] = scoreChecks(spec, [THREE], [], [answers(3, 7, 11)]);
    expect(graderFault?.failure).toBe("grader_fault");
  });

  it("marks a check with no outcome at all as not run", () => {
    const [result] = scoreChecks(spec, [THREE], [sums(THREE)], []);
    expect(result).toMatchObject({ verdict: "not_run", earned: 0 });
  });

  it("blames the grader, not the learner, when expected answers are missing or failed", () => {
    const [noExpected] = scoreChecks(spec, [THREE], [], [answers(3, 7, 11)]);
    expect(noExpected).toMatchObject({ verdict: "error", earned: 0 });
    expect(noExpected?.message).toMatch(/grader bug/);
    const [failedReference] = scoreChecks(
      spec,
      [THREE],
      [[{ ok: false, error: "x" }, ...sums(THREE).slice(1)]],
      [answers(3, 7, 11)],
    );
    expect(failedReference).toMatchObject({ verdict: "error", casesPassed: 2 });
    expect(failedReference?.message).toMatch(/grader bug/);
  });

  it("turns a spec that throws while judging into an error verdict for that check only", () => {
    const throwing: ExerciseSpec<number> = {
      ...spec,
      compare: (input) => {
        if (input.a === 5) throw new Error("compare exploded");
        return { pass: true };
      },
    };
    const other = group("fine", [[1, 1]]);
    const results = scoreChecks(throwing, [THREE, other], [sums(THREE), sums(other)], [answers(3, 7, 11), answers(2)]);
    expect(results[0]).toMatchObject({ verdict: "error", earned: 0 });
    expect(results[0]?.message).toContain("The check itself failed (a grader bug, not yours): compare exploded");
    expect(results[1]).toMatchObject({ verdict: "pass", earned: 1 });
  });

  it("keeps the message when the trace cannot be drawn", () => {
    const badTrace: ExerciseSpec<number> = {
      ...spec,
      trace: () => {
        throw new Error("cannot draw");
      },
    };
    const [result] = scoreChecks(badTrace, [THREE], [sums(THREE)], [answers(0, 7, 11)]);
    expect(result).toMatchObject({ verdict: "fail" });
    expect(result?.message).toContain("Case 1 of 3");
    expect(result?.traces).toBeUndefined();
  });

  it("clips long messages and always returns contract-valid results", () => {
    const wordy: ExerciseSpec<number> = { ...spec, compare: () => ({ pass: false, message: "x".repeat(10_000) }) };
    const long = group("y".repeat(500), [[1, 2]], "hidden");
    const results = [
      ...scoreChecks(wordy, [long], [sums(long)], [answers(3)]),
      stoppedResult(long, { stopped: "timeout", message: "z".repeat(10_000) }),
    ];
    for (const result of results) {
      expect(checkResultSchema.safeParse(result).success).toBe(true);
      expect(result.message.length).toBeLessThanOrEqual(4000);
      expect(result.name.length).toBeLessThanOrEqual(200);
    }
  });

  it("is deterministic: the same answers give the same results", () => {
    const run = () => scoreChecks(spec, [THREE], [sums(THREE)], [answers(3, 0, "x")]);
    expect(run()).toEqual(run());
  });
});
