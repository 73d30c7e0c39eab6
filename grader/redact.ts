import type { CheckResult, Failure, GradeResult } from "../contract/grade-result";

// The one place a stored result becomes what its learner may read (docs/decisions/0022-hidden-checks-stay-on-the-server.md).
// Both views are built field by field from allow-lists, never by spreading and deleting: a field added to the contract
// later stays on the server until someone decides here that the learner may see it.

/**
 * What a learner may see of a result: public checks as graded; hidden checks only as name, points, verdict, failure
 * kind and case counts, with a message built from those alone (never the stored one, which names the failing case);
 * no hidden seed and nothing of `serverOnly` (what the code printed during hidden checks, grader faults in full).
 * Relies on the grader's promise that `message` and `console` never hold hidden data. Instructors see everything.
 */
export function redactForLearner(result: GradeResult): GradeResult {
  return {
    schemaVersion: result.schemaVersion,
    status: result.status,
    score: result.score,
    maxScore: result.maxScore,
    message: result.message,
    checks: result.checks.map((check) => (check.visibility === "public" ? check : redactHiddenCheck(check))),
    compileErrors: result.compileErrors,
    console: result.console,
    exerciseId: result.exerciseId,
    exerciseVersion: result.exerciseVersion,
    graderVersion: result.graderVersion,
    seed: result.seed,
    hiddenSeed: "",
    timings: result.timings,
  };
}

function redactHiddenCheck(check: CheckResult): CheckResult {
  return {
    name: check.name,
    visibility: check.visibility,
    points: check.points,
    earned: check.earned,
    verdict: check.verdict,
    ...(check.failure ? { failure: check.failure } : {}),
    message: hiddenCheckMessage(check),
    casesRun: check.casesRun,
    casesPassed: check.casesPassed,
  };
}

const NOT_SHOWN = "Hidden cases are not shown: the check's name says which kind of case it is, so reread that part of the lesson and try such a case yourself with Run.";

/**
 * A hidden check's message for its learner, from its name, failure kind and case counts only: which kind of case
 * failed and how, in the learner's terms, never the case. (A check's name is written by the course author.)
 */
export function hiddenCheckMessage(check: Pick<CheckResult, "name" | "verdict" | "failure" | "casesRun" | "casesPassed">): string {
  const total = check.casesRun;
  if (check.verdict === "pass") return `All ${total} hidden case${total === 1 ? "" : "s"} passed.`;
  const counted = total > 0 ? ` (${check.casesPassed} of its ${total} cases passed)` : "";
  const what = `a hidden case of "${check.name}"`;
  switch (check.failure ?? failureOfVerdict(check.verdict)) {
    case "wrong_answer":
      return `Your code returned a wrong answer on ${what}${counted}. ${NOT_SHOWN}`;
    case "error":
      return `Your code threw an error or gave no usable answer on ${what}${counted}. ${NOT_SHOWN}`;
    case "timeout":
      return `Your code took too long on ${what} (a loop that never ends, or far too much work?). ${NOT_SHOWN}`;
    case "out_of_memory":
      return `Your code ran out of memory on ${what}. ${NOT_SHOWN}`;
    case "not_run":
      return "This hidden check did not run: your code did not compile or load, or an earlier check used up the time or memory budget.";
    case "grader_fault":
      return "The grader could not judge this hidden check. This is not your code's fault; please submit again.";
  }
}

// Results stored before `failure` existed: the verdict is the best guess.
function failureOfVerdict(verdict: Exclude<CheckResult["verdict"], "pass">): Failure {
  switch (verdict) {
    case "fail":
      return "wrong_answer";
    case "error":
      return "error";
    case "timeout":
      return "timeout";
    case "not_run":
      return "not_run";
  }
}
