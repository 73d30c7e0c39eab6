import type { CheckResult, CompileError } from "../../contract/grade-result";
import { FINAL_SUBMISSION_STATUSES, type SubmissionView } from "../../contract/http/submissions";

/** What Run produced in the browser: the public checks only, scored like the grader would. */
export interface RunOutcome {
  kind: "run";
  status: "graded" | "compile_error" | "timeout" | "runtime_error" | "internal_error";
  message: string;
  checks: CheckResult[];
  compileErrors: CompileError[];
  console: string;
}

export function isFinal(status: SubmissionView["status"]): boolean {
  return FINAL_SUBMISSION_STATUSES.includes(status);
}
