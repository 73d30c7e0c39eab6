import { z } from "zod";
import { describe, expect, it } from "vitest";
import type { CheckGroup } from "../../../contract/exercise";
import { selfContainedCheckGroupOf } from "../check-group";
import { defineCaseAdapter } from "../define-adapter";
import { compareBy, defineSpec } from "../define-spec";
import { answersTo, checkedReference, exerciseTests } from "./exercise-tests";
import { referenceAnswer } from "./judge-group";

// A tiny exercise, double(n), to show that the shared test scaffolding passes what it should and fails what it should.

const checkGroup = selfContainedCheckGroupOf((n: number) => ({ n }));
const spec = defineSpec({
  settings: { id: "double", title: "Double", points: 3, entry: "double" },
  outputSchema: z.number(),
  compare: compareBy(
    z.object({ n: z.number() }).parse,
    (expected: number, actual: number) => expected === actual,
    ({ n }, expected, actual) => `double(${n}): you returned ${actual}, expected ${expected}.`,
  ),
  publicChecks: (seed: string) => [checkGroup(`Small numbers ${seed}`, 1, "public", [1, seed.charCodeAt(0)])],
});
const hiddenChecks = (seed: string): CheckGroup[] => [
  checkGroup("Zero", 1, "hidden", [0]),
  checkGroup(`Negative numbers of ${seed}`, 1, "hidden", [-1, -seed.charCodeAt(0)]),
];
const adapter = defineCaseAdapter((double: (n: number) => unknown, input: Record<string, unknown>) => {
  const answer = double(Number(input.n));
  if (typeof answer !== "number") throw new Error(`double returned ${String(answer)}`);
  return answer;
});
const reference = (n: number) => 2 * n;
const tests = exerciseTests({ spec, adapter, hiddenChecks }, referenceAnswer(spec, adapter, reference));

describe("exerciseTests", () => {
  it("passes the basics of a well-made exercise, and fails them when the points do not add up", () => {
    tests.expectCheckBasics({ seededPublic: 0, seededHidden: -1, publicCount: 1 });
    const wrongPoints = exerciseTests(
      { spec: { ...spec, settings: { ...spec.settings, points: 4 } }, adapter, hiddenChecks },
      referenceAnswer(spec, adapter, reference),
    );
    expect(() => wrongPoints.expectCheckBasics({ seededPublic: 0 })).toThrow();
  });

  it("passes the reference, names the checks a broken entry fails, and finds a check by name or prefix", () => {
    tests.expectPassedBy(reference, ["a", "bb"]);
    expect(() => tests.expectPassedBy((n: number) => n + n + 1, ["a"])).toThrow();
    const plusOne = (n: number) => 2 * n + (n < 0 ? 1 : 0);
    expect(tests.failedBy(plusOne, tests.checks("x"))).toEqual(["Negative numbers of hidden-x"]);
    expect(() => tests.expectAllFailedBy(plusOne, tests.checks("x"))).toThrow();
    const failsOn = tests.mistakes<(n: number) => number>("mistakes");
    expect(failsOn("Negative", plusOne)).toBe(
      "double(-1): you returned -1, expected -2.\ndouble(-109): you returned -217, expected -218.",
    );
    expect(failsOn("Zero", plusOne)).toBe("");
    expect(() => failsOn("Nothing", plusOne)).toThrow(/no check Nothing/);
  });

  it("checks the reference against an oracle, and hands back every answer of a check", () => {
    const oracleSays = checkedReference(spec, adapter, reference, (answer, kase) => {
      expect(answer).toBe(2 * Number(kase.input.n));
    });
    const group = hiddenChecks("x")[1] as CheckGroup;
    const kase = group.cases[0] as CheckGroup["cases"][number];
    expect(oracleSays(group.fixtures[0] as CheckGroup["fixtures"][number], kase, null)).toBe(-2);
    expect(answersTo(adapter, reference, group).map((a) => a.answer)).toEqual([-2, -240]);
  });
});
