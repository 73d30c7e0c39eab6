import { describe, expect, it } from "vitest";
import type { CheckGroup, ExerciseSecrets } from "../../contract/exercise";
import { redactForLearner } from "../../grader/redact";
import { requireIvm } from "../../grader/ivm/load-ivm";
import type { ExerciseRegistry, GradableExercise } from "../../grader/registry";
import { selfTestExercise } from "../../grader/worker/self-test-exercise";
import { gradeSubmission } from "../../grader/pipeline/grade-submission";

// When an exercise's hidden side fails (its generator throws, it files a check as public, its reference fails on a
// hidden case), the reason may name a hidden case: the learner reads a plain sentence, the instructor the reason.
// These faults are found before any isolate opens, so this runs in-process, on the worker's built-in self-test exercise.

const MARKER = "HIDDEN-CASE-0x7fff1234";
const CORRECT = "export function probe(a: number, b: number) { return a + b; }";

const hiddenGroup = (visibility: CheckGroup["visibility"]): CheckGroup => ({
  name: "hidden sums",
  points: 1,
  visibility,
  fixtures: [{ frames: [], bytes: new Uint8Array(0), meta: {} }],
  cases: [{ fixture: 0, input: { a: 0x7fff1234, b: 1 } }],
});

function gradeWith(secrets: ExerciseSecrets) {
  const exercise: GradableExercise = { ...selfTestExercise, secrets };
  const registry: ExerciseRegistry = { find: (id) => (id === exercise.id ? exercise : null), ids: () => [exercise.id] };
  return gradeSubmission({ exerciseId: exercise.id, code: CORRECT, seed: "1", hiddenSeed: "2" }, { ivm: requireIvm().ivm, registry });
}

const solution = { probe: (a: number, b: number) => a + b };

describe.each([
  ["its hidden checks cannot be generated", { solution, hiddenChecks: () => { throw new Error(`no machine for ${MARKER}`); } }, MARKER],
  ["it files a hidden check as public", { solution, hiddenChecks: () => [hiddenGroup("public")] }, '"hidden sums" with visibility "public"'],
  ["its reference fails on a hidden case", { solution: { probe: (a: number) => { if (a > 1000) throw new Error(`reference broke on ${MARKER}`); return a; } }, hiddenChecks: () => [hiddenGroup("hidden")] }, MARKER],
] satisfies [string, ExerciseSecrets, string][])("when an exercise's %s", (_label, secrets, detail) => {
  it("the learner reads a plain sentence; the reason is kept for instructors only", async () => {
    const result = await gradeWith(secrets);
    expect(result.status).toBe("internal_error");
    expect(result.message).toMatch(/hidden checks could not be prepared\. This is not your code's fault/);
    expect(result.serverOnly?.faultDetail).toContain(detail);
    expect(`${result.message}${result.console}${JSON.stringify(redactForLearner(result))}`).not.toContain(detail);
  });
});
