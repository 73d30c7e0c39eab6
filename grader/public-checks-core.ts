import type { CaseAnswer, CheckGroup } from "../contract/exercise";
import { preparePublic } from "./pipeline/public-cache";
import type { ExerciseDefinition } from "./registry";

/** What the page embeds for the browser's Run worker: the public checks and the reference's answers to them. */
export interface PublicChecks {
  groups: CheckGroup[];
  expected: CaseAnswer[][];
}

/**
 * The public checks of `definition` for a learner's `seed`, with the reference's expected answers computed on
 * the host, so grader/shared/score.ts can judge in the browser without the server and without the solution.
 * An exercise's answerForBrowser withholds the parts of those answers that are the judgement itself.
 * Throws when the exercise cannot generate its checks or its reference fails on them (an exercise bug).
 */
export function publicChecksFor(id: string, definition: ExerciseDefinition, seed: string): PublicChecks {
  const prepared = preparePublic({ id, version: "host", ...definition }, seed);
  if (!prepared.ok) throw new Error(`Exercise "${id}": the reference solution failed on the public checks: ${prepared.message}`);
  const { groups, expected } = prepared.checks;
  const forBrowser = definition.spec.answerForBrowser;
  if (forBrowser === undefined) return prepared.checks;
  // The cached answers are shared with the server's own grading: map into new arrays, never mutate them.
  return {
    groups,
    expected: expected.map((answers) => answers.map((a) => (a.ok ? { ok: true, value: forBrowser(a.value) } : a))),
  };
}
