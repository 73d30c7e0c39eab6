import type { GradeResult } from "../../contract/grade-result";
import { creditedScore } from "./credit";

/** Why a Grading row exists: a submission's first grading, a regrade applied, or a regrade's preview (never applied). */
export type GradingKind = "submit" | "regrade" | "preview";

/** What a result sets on a row that keeps it (the submission, and its Grading), the submission's credit applied. */
export interface ResultColumns {
  outcome: string;
  /** The checks' score; null when the grader, not the code, failed (internal_error). */
  rawScore: number | null;
  /** rawScore x credit / 100; null likewise. */
  score: number | null;
  resultJson: string;
  message: string;
  graderVersion: string;
}

/** A result as the columns the submission and its Grading row both store: one place decides them. */
export function resultColumns(result: GradeResult, credit: number): ResultColumns {
  const isPlatformFault = result.status === "internal_error";
  return {
    outcome: result.status,
    rawScore: isPlatformFault ? null : result.score,
    score: isPlatformFault ? null : creditedScore(result.score, credit),
    resultJson: JSON.stringify(result),
    message: result.message,
    graderVersion: result.graderVersion,
  };
}

/** A Grading row's data for one result: what was run (versions, seeds) and what it gave. */
export function gradingRow(submissionId: string, kind: GradingKind, result: GradeResult, columns: ResultColumns, regradeRunId: string | null = null) {
  const { outcome, rawScore, score, resultJson, graderVersion } = columns;
  return {
    submissionId,
    kind,
    regradeRunId,
    graderVersion,
    exerciseVersion: result.exerciseVersion,
    seed: result.seed,
    hiddenSeed: result.hiddenSeed,
    outcome,
    rawScore,
    score,
    resultJson,
  };
}
