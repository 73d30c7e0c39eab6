import { RESULT_SCHEMA_VERSION, type GradeResult } from "../../contract/grade-result";
import type { Grader, GradeJob } from "../../server/grading/grader";

/** A grade result as the pool would return it, with only what the queue stores. */
export function resultFor(status: GradeResult["status"], score: number): GradeResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    status,
    score,
    maxScore: 20,
    message: status,
    checks: [],
    compileErrors: [],
    console: "",
    exerciseId: "walk-32",
    exerciseVersion: "e1",
    graderVersion: "test",
    seed: "s",
    hiddenSeed: "h",
    timings: { compileMs: 1, runMs: 2, totalMs: 3 },
  };
}

/** A grader that answers from a script and records the code of every job it was given, in order. */
export function scriptedGrader(answer: (job: GradeJob) => Promise<GradeResult>): Grader & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    grade: async (job) => {
      seen.push(job.code);
      return answer(job);
    },
    close: async () => undefined,
  };
}
