import type { CompileError } from "../../contract/grade-result";
import type { SubmissionView } from "../../contract/http/submissions";
import { formatPoints } from "../format/points";
import type { RunOutcome } from "./types";

/**
 * The one line a learner reads right under Run and Submit, before any detail: what happened, in words, with the
 * score only where there is one (a compile error has none, "0 / 0" told nothing). The details panel says the rest.
 */
export interface ResultSummary {
  /** idle: nothing run yet; busy: loading, running or waiting for a grader. */
  tone: "idle" | "busy" | "ok" | "warn" | "error";
  text: string;
}

export function summarizeRun(outcome: RunOutcome): ResultSummary {
  switch (outcome.status) {
    case "compile_error":
      return { tone: "error", text: compileErrorText(outcome.compileErrors, outcome.message) };
    case "timeout":
      return { tone: "error", text: `Run: time limit hit. ${outcome.message}` };
    case "runtime_error":
      return { tone: "error", text: `Run: your code failed. ${outcome.message}` };
    case "internal_error":
      return { tone: "error", text: `Run: the checks could not run. ${outcome.message}` };
    case "graded": {
      const total = outcome.checks.length;
      const passed = outcome.checks.filter((check) => check.verdict === "pass").length;
      if (total === 0) return { tone: "warn", text: `Run: ${outcome.message}` };
      const text = passed === total ? `Run: all ${total} public checks pass` : `Run: ${passed} of ${total} public checks pass`;
      return { tone: passed === total ? "ok" : "warn", text: `${text} (not graded; Submit to be graded).` };
    }
  }
}

/**
 * `waitingBefore`: how many submissions (anyone's) were queued before this one, when the server said; the grader
 * takes every learner's first submission before anyone's second, so this one may go sooner.
 */
export function summarizeSubmission(submission: SubmissionView, waitingBefore: number | null): ResultSummary {
  if (submission.status === "queued") {
    const behind = waitingBefore && waitingBefore > 0 ? ` ${waitingBefore} submission${waitingBefore === 1 ? " was" : "s were"} waiting before yours.` : "";
    return { tone: "busy", text: `Submitted: waiting for a grader.${behind}` };
  }
  if (submission.status === "running") return { tone: "busy", text: "Submitted: grading…" };
  if (submission.status === "failed" || !submission.result) {
    return { tone: "error", text: `Not graded: ${submission.message ?? "the platform failed to grade this submission."} It does not count as an attempt.` };
  }
  const result = submission.result;
  const score = submission.score === null ? "" : `${formatPoints(submission.score)} / ${formatPoints(submission.maxScore)}`;
  switch (result.status) {
    case "compile_error":
      return { tone: "error", text: `Submission: ${compileErrorText(result.compileErrors, result.message)}` };
    case "timeout":
      return { tone: "error", text: `Submission: time limit hit, ${score}. ${result.message}` };
    case "memory_limit":
      return { tone: "error", text: `Submission: memory limit hit, ${score}. ${result.message}` };
    case "runtime_error":
      return { tone: "error", text: `Submission: your code failed, ${score}. ${result.message}` };
    case "internal_error":
      return { tone: "error", text: `Not graded: ${result.message}` };
    case "graded": {
      const total = result.checks.length;
      const passed = result.checks.filter((check) => check.verdict === "pass").length;
      const full = submission.score !== null && submission.score === submission.maxScore;
      const checks = total > 0 ? `: ${passed} of ${total} checks pass` : "";
      return { tone: full ? "ok" : "warn", text: `${full ? "Full marks" : "Graded"}, ${score}${checks}.` };
    }
  }
}

function compileErrorText(errors: CompileError[], fallback: string): string {
  const first = errors[0];
  if (!first) return `Compile error, no score. ${fallback}`;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  // TypeScript's messages end with a full stop or not; the sentence here ends with one of its own.
  return `Compile error at line ${first.line}, column ${first.column}: ${first.message.replace(/\.$/, "")}${more}. No score.`;
}
