import { z } from "zod";
import type { CheckGroup, ExerciseSpec, FixtureWire } from "../../contract/exercise";
import type { Trace } from "../../contract/grade-result";
import { compareBy, defineSpec } from "./define-spec";
import { MAX_LOGGED_READS, type WalkRead } from "./walk-adapter";

// The host-side halves the page-walk exercises (walk-32, walk-64) share: the schema of an answer (a translation and
// the reads that led to it), the shape of a wrong-answer message, and the check of a case's input keys. Their
// adapters' halves are in walk-adapter.ts.

/** One memory read the learner's walk made, as the adapter logs it. */
export const walkReadSchema: z.ZodType<WalkRead> = z
  .object({
    pa: z.number(),
    size: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]),
    value: z.string().max(24),
  })
  .strict();

/** An adapter's answer, checked on the host: the exercise's translation, and the reads, which only feed the trace. */
export function walkAnswerSchemaOf<Result>(resultSchema: z.ZodType<Result>) {
  return z.object({ result: resultSchema, reads: z.array(walkReadSchema).max(MAX_LOGGED_READS) }).strict();
}

/** The learner-facing message for a wrong answer: the question, both answers, and every hint that applies. */
export function mismatchMessage(question: string, actual: string, expected: string, hints: readonly string[]): string {
  const head = `${question}: you returned ${actual}, expected ${expected}.`;
  return hints.length === 0 ? head : `${head} Hint: ${hints.join(" ")}`;
}

/** An exercise's explainMismatch(input, expected, actual), from how it words a question, a result and its hints. */
export function mismatchExplainer<Input, Result>(
  question: (input: Input) => string,
  format: (result: Result) => string,
  hints: (input: Input, expected: Result, actual: Result) => string[],
): (input: Input, expected: Result, actual: Result) => string {
  return (input, expected, actual) =>
    mismatchMessage(question(input), format(actual), format(expected), hints(input, expected, actual));
}

/** The name of every walk exercise's public differential check, over `count` random addresses of the learner's machine. */
export function differentialCheckName(count: number): string {
  return `Differential: ${count} random addresses of your own machine compared with the reference`;
}

/**
 * A case input with only the exercise's keys, those left undefined dropped (what travels to the adapter as JSON);
 * throws, naming the exercise, when a key is not one of them or `valid` says the values are wrong (a broken check).
 */
export function caseInputOf(
  exercise: string,
  input: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  valid: boolean,
): Record<string, unknown> {
  if (!valid || !Object.keys(input).every((key) => keys.includes(key))) {
    throw new Error(`${exercise}: malformed case input ${JSON.stringify(input)}`);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) if (input[key] !== undefined) out[key] = input[key];
  return out;
}

/** A walk exercise's answer: its translation, and the reads that led to it. */
export interface WalkAnswerOf<Result> {
  result: Result;
  reads: WalkRead[];
}

/**
 * A walk exercise's spec: answers pass when their translations are the same (the reads only feed the trace), a wrong
 * one is explained in the learner's terms, and both walks are drawn for the result panel.
 */
export function defineWalkSpec<Input, Result>(parts: {
  settings: unknown;
  answerSchema: z.ZodType<WalkAnswerOf<Result>>;
  parseInput: (input: Record<string, unknown>) => Input;
  isSameResult: (expected: Result, actual: Result) => boolean;
  explainMismatch: (input: Input, expected: Result, actual: Result) => string;
  publicChecks: (seed: string) => CheckGroup[];
  trace: (fixture: FixtureWire, input: Input, answer: WalkAnswerOf<Result>) => Trace | null;
}): ExerciseSpec<WalkAnswerOf<Result>> {
  return defineSpec({
    settings: parts.settings,
    outputSchema: parts.answerSchema,
    compare: compareBy(
      parts.parseInput,
      (expected: WalkAnswerOf<Result>, actual: WalkAnswerOf<Result>) =>
        parts.isSameResult(expected.result, actual.result),
      (input, expected, actual) => parts.explainMismatch(input, expected.result, actual.result),
    ),
    publicChecks: parts.publicChecks,
    trace: (fixture, input, answer) => parts.trace(fixture, parts.parseInput(input), answer),
  });
}
