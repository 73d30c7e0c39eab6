import type { CheckResult, Failure, Trace } from "../../contract/grade-result";
import { traceSchema } from "../../contract/grade-result";
import type { CaseAnswer, CaseWire, CheckGroup, ExerciseSpec } from "../../contract/exercise";

// The judging function shared by the server grader and the browser's Run worker. Pure: no I/O, no clock,
// no randomness, so the same answers always give the same results in both places. It imports only zod
// (through the kit and the contract), the kit and the grader's public contract: it is bundled into the browser.

/** A check whose cases did not all get answers: the sandbox stopped it (timeout, memory) or never ran it. */
export interface StoppedGroup {
  stopped: "timeout" | "not_run" | "error";
  /** In the learner's terms: why this check has no answers. */
  message: string;
  /** When it says more than `stopped` (out of memory, a grader fault): what a hidden check's message tells. */
  failure?: Failure;
}

/** What the learner's side produced for one check: an answer per case, or why there are none. */
export type GroupOutcome = CaseAnswer[] | StoppedGroup;

const MESSAGE_LIMIT = 4000;
const INPUT_PREVIEW_LIMIT = 300;

/**
 * Judges every check: all of a check's cases must pass for its points. A failing check's message names its
 * FIRST failing case (cases come smallest first, so that is the smallest failure found) in the learner's terms,
 * with the learner's and the reference's traces when the spec can draw them. Never throws: a spec that throws
 * while judging turns that check into an "error" verdict whose message says the check itself failed.
 */
export function scoreChecks(
  spec: ExerciseSpec,
  groups: readonly CheckGroup[],
  expected: readonly (readonly CaseAnswer[])[],
  actual: readonly GroupOutcome[],
): CheckResult[] {
  return groups.map((group, index) => {
    const outcome = actual[index];
    const reference = expected[index];
    if (outcome === undefined) return stoppedResult(group, { stopped: "not_run", message: "This check did not run." });
    if (!Array.isArray(outcome)) return stoppedResult(group, outcome);
    if (reference === undefined) {
      return stoppedResult(group, {
        stopped: "error",
        failure: "grader_fault",
        message: "The grader has no expected answers for this check (a grader bug, not yours).",
      });
    }
    try {
      return judgeGroup(spec, group, reference, outcome);
    } catch (error) {
      return stoppedResult(group, {
        stopped: "error",
        failure: "grader_fault",
        message: `The check itself failed (a grader bug, not yours): ${errorText(error)}`,
      });
    }
  });
}

/** The result of a check that produced no answers: no points, every case counted as not passed. */
export function stoppedResult(group: CheckGroup, stopped: StoppedGroup): CheckResult {
  return {
    name: clip(group.name, 200),
    visibility: group.visibility,
    points: group.points,
    earned: 0,
    verdict: stopped.stopped,
    failure: stopped.failure ?? stopped.stopped,
    message: clip(stopped.message, MESSAGE_LIMIT),
    casesRun: 0,
    casesPassed: 0,
  };
}

type CaseJudgement =
  { pass: true } | { pass: false; verdict: "fail" | "error"; failure: Failure; message: string; value: unknown };

function judgeGroup(
  spec: ExerciseSpec,
  group: CheckGroup,
  reference: readonly CaseAnswer[],
  answers: readonly CaseAnswer[],
): CheckResult {
  const total = group.cases.length;
  let passed = 0;
  let firstFailure: { index: number; judgement: Exclude<CaseJudgement, { pass: true }> } | null = null;
  for (let index = 0; index < total; index++) {
    const judgement = judgeCase(spec, group.cases[index], reference[index], answers[index]);
    if (judgement.pass) passed++;
    else if (firstFailure === null) firstFailure = { index, judgement };
  }
  const base = {
    name: clip(group.name, 200),
    visibility: group.visibility,
    points: group.points,
    casesRun: total,
    casesPassed: passed,
  };
  if (firstFailure === null) {
    return {
      ...base,
      earned: group.points,
      verdict: "pass",
      message: `All ${total} case${total === 1 ? "" : "s"} passed.`,
    };
  }
  const { index, judgement } = firstFailure;
  const testCase = group.cases[index];
  const where = `Case ${index + 1} of ${total} (${passed} passed)`;
  const message = clip(`${where}: ${judgement.message}`, MESSAGE_LIMIT);
  const traces = testCase ? drawTraces(spec, group, testCase, reference[index], judgement.value) : undefined;
  return {
    ...base,
    earned: 0,
    verdict: judgement.verdict,
    failure: judgement.failure,
    message,
    ...(traces ? { traces } : {}),
  };
}

function judgeCase(
  spec: ExerciseSpec,
  testCase: CaseWire | undefined,
  reference: CaseAnswer | undefined,
  answer: CaseAnswer | undefined,
): CaseJudgement {
  const input = testCase?.input ?? {};
  if (reference === undefined || !reference.ok) {
    return {
      pass: false,
      verdict: "error",
      failure: "grader_fault",
      message: "the reference solution has no answer for this case (a grader bug, not yours).",
      value: undefined,
    };
  }
  if (answer === undefined) {
    return {
      pass: false,
      verdict: "error",
      failure: "error",
      message: `with input ${previewInput(input)}, your code gave no answer.`,
      value: undefined,
    };
  }
  if (!answer.ok) {
    return {
      pass: false,
      verdict: "error",
      failure: "error",
      message: `with input ${previewInput(input)}, your function ${answer.error}`,
      value: undefined,
    };
  }
  const parsed = spec.outputSchema.safeParse(answer.value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "the answer"}: ${issue.message}`)
      .join("; ");
    return {
      pass: false,
      verdict: "fail",
      failure: "wrong_answer",
      message: `with input ${previewInput(input)}, your answer ${previewValue(answer.value)} does not have the expected shape (${issues}).`,
      value: undefined,
    };
  }
  const comparison = spec.compare(input, reference.value, parsed.data);
  return comparison.pass
    ? { pass: true }
    : { pass: false, verdict: "fail", failure: "wrong_answer", message: comparison.message, value: parsed.data };
}

function drawTraces(
  spec: ExerciseSpec,
  group: CheckGroup,
  testCase: CaseWire,
  reference: CaseAnswer | undefined,
  learnerValue: unknown,
): CheckResult["traces"] | undefined {
  const draw = spec.trace;
  const fixture = group.fixtures[testCase.fixture];
  if (!draw || !fixture) return undefined;
  const safeDraw = (value: unknown): Trace | null => {
    if (value === undefined) return null;
    try {
      const parsed = traceSchema.safeParse(draw.call(spec, fixture, testCase.input, value));
      return parsed.success ? parsed.data : null;
    } catch {
      return null; // a trace is an aid; a spec that cannot draw this answer must not cost the learner the message
    }
  };
  const learner = safeDraw(learnerValue);
  const expected = reference?.ok ? safeDraw(reference.value) : null;
  return learner === null && expected === null ? undefined : { learner, reference: expected };
}

function previewInput(input: Record<string, unknown>): string {
  return previewValue(input);
}

function previewValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = "(unprintable)";
  }
  return clip(text, INPUT_PREVIEW_LIMIT);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
