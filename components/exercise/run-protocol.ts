import type { CaseAnswer, CheckGroup } from "../../contract/exercise";
import type { CheckResult } from "../../contract/grade-result";

/** Page -> Run worker: the learner's compiled code and the public checks with the reference's answers. */
export interface RunRequest {
  exerciseId: string;
  javascript: string;
  groups: CheckGroup[];
  expected: CaseAnswer[][];
  consoleLimitBytes: number;
}

/** Run worker -> page. */
export type RunResponse =
  | { ok: true; checks: CheckResult[]; console: string }
  | { ok: false; stage: "load" | "internal"; message: string; console: string };
