import type { GradeResult } from "../../contract/grade-result";

/** Why a Grading row exists: a submission's first grading, a regrade applied, or a regrade's preview (never applied). */
export type GradingKind = "submit" | "regrade" | "preview";

/** A Grading row's data for one result: what was run (versions, seeds) and what it gave. */
export function gradingRow(submissionId: string, kind: GradingKind, result: GradeResult, score: number | null, regradeRunId: string | null = null) {
  const isPlatformFault = result.status === "internal_error";
  return {
    submissionId,
    kind,
    regradeRunId,
    graderVersion: result.graderVersion,
    exerciseVersion: result.exerciseVersion,
    seed: result.seed,
    hiddenSeed: result.hiddenSeed,
    outcome: result.status,
    rawScore: isPlatformFault ? null : result.score,
    score: isPlatformFault ? null : score,
    resultJson: JSON.stringify(result),
  };
}
