import { z } from "zod";
import { gradeResultSchema, type CheckResult, type CompileError } from "../../grader/contract";

/** A submission as the API returns it (server/submissions.ts SubmissionView), checked on arrival. */
export const submissionDtoSchema = z.object({
  id: z.string(),
  exerciseId: z.string(),
  status: z.enum(["queued", "running", "graded", "failed"]),
  score: z.number().nullable(),
  maxScore: z.number(),
  message: z.string().nullable(),
  result: gradeResultSchema.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  code: z.string(),
});
export type SubmissionDto = z.infer<typeof submissionDtoSchema>;

/** What Run produced in the browser: the public checks only, scored like the grader would. */
export interface RunOutcome {
  kind: "run";
  status: "graded" | "compile_error" | "timeout" | "runtime_error" | "internal_error";
  message: string;
  checks: CheckResult[];
  compileErrors: CompileError[];
  console: string;
}

export function isFinal(status: SubmissionDto["status"]): boolean {
  return status === "graded" || status === "failed";
}
