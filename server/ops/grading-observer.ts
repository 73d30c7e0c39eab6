import type { GradeResult } from "../../contract/grade-result";

/** What a grading node reports as it works: the metrics listen (server/ops/metrics.ts), tests may too. */
export interface GradingObserver {
  /** A result was stored: its verdict, and the seconds from the submission's acceptance to its result. */
  resultStored(exerciseId: string, status: GradeResult["status"], secondsSinceAccepted: number): void;
  /** A delivery found its submission final already (a duplicate): nothing was stored. */
  duplicateDropped(): void;
  /** A submission ended failed as the platform's fault (out of deliveries, or dead-lettered). */
  platformFailure(): void;
}

export const ignoreGrading: GradingObserver = {
  resultStored: () => undefined,
  duplicateDropped: () => undefined,
  platformFailure: () => undefined,
};
