import { exerciseSettingsSchema, type ExerciseSpec } from "../../contract/exercise";

// How an exercise writes its spec.ts (public: the host and the browser run it): settings.json validated once, and
// the usual compare spelled as its three parts.

/**
 * An ExerciseSpec from its parts, `settings` being settings.json as imported: validated here, once, when the spec
 * loads, so a broken file fails every import loudly.
 */
export function defineSpec<Output>(
  parts: Omit<ExerciseSpec<Output>, "settings"> & { settings: unknown },
): ExerciseSpec<Output> {
  return { ...parts, settings: exerciseSettingsSchema.parse(parts.settings) };
}

/**
 * The usual compare: an answer passes when `isSame(expected, actual)`; otherwise the message is `explain` of the
 * case's input (as `parseInput` reads it, only then), the expected answer and the learner's.
 */
export function compareBy<Input, Output>(
  parseInput: (input: Record<string, unknown>) => Input,
  isSame: (expected: Output, actual: Output) => boolean,
  explain: (input: Input, expected: Output, actual: Output) => string,
): ExerciseSpec<Output>["compare"] {
  return (input, expected, actual) =>
    isSame(expected, actual) ? { pass: true } : { pass: false, message: explain(parseInput(input), expected, actual) };
}
