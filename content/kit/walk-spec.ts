import { z } from "zod";
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
