import type { GradeResult } from "../../contract/grade-result";

/** One submission for a grader: what it runs, and the seeds of its public and hidden data. */
export interface GradeJob {
  exerciseId: string;
  exerciseVersion: string;
  code: string;
  seed: string;
  hiddenSeed: string;
}

/**
 * What a grading node needs from a grader: the local pool of sandboxed worker processes
 * (grader/pool/local-pool.ts) in production, a scripted one in tests. `grade` resolves with a result, an
 * internal_error one when the grader itself failed; it rejects only when the grader is gone.
 */
export interface Grader {
  /** `priority`: higher is graded first among jobs waiting for a worker (see fair-order.ts: -rank). */
  grade(job: GradeJob, options?: { priority?: number }): Promise<GradeResult>;
  close(): Promise<void>;
}
