import type { ExerciseAdapter, FixtureWire } from "../../contract/exercise";

// How an exercise writes its adapter: the learner's function, the state prepared per fixture and the answer are
// declared once, as the types of prepare() and call(), and the adapter needs no cast. This file is bundled into the
// sandbox runtime and the browser's Run worker with every adapter: pure TypeScript, type-only imports.

/**
 * The learner's exported function as an adapter calls it: with the arguments of the exercise's signature, and
 * returning `unknown`. Learners write JavaScript that returns anything; the adapter checks the answer and copies
 * it out as plain data (an entry type that promises a particular result does not type-check in defineAdapter).
 */
export type LearnerFunction<Args extends unknown[]> = (...args: Args) => unknown;

/** An adapter's two parts, typed. Function-typed properties, so that the compiler checks them strictly. */
export interface AdapterParts<Args extends unknown[], Prepared, Answer> {
  /** Rebuilds what the cases of one fixture share (sim objects from wire data); once per fixture of a check. */
  prepare: (fixture: FixtureWire) => Prepared;
  /** Calls the learner's function for one case; returns the answer as plain data, or throws a readable Error. */
  call: (entry: LearnerFunction<Args>, prepared: Prepared, input: Record<string, unknown>) => Answer;
}

/** ExerciseAdapter's call, with its parameters as untyped as the grader holds them. */
type UntypedCall<Answer> = (
  entry: (...args: never[]) => unknown,
  prepared: unknown,
  input: Record<string, unknown>,
) => Answer;

/** An ExerciseAdapter from typed parts: `export const adapter = defineAdapter({ prepare, call });`. */
export function defineAdapter<Args extends unknown[], Prepared, Answer>(
  parts: AdapterParts<Args, Prepared, Answer>,
): ExerciseAdapter<Answer> {
  // The one assertion between the typed parts and the untyped interface, and why it is sound: every caller of an
  // adapter (the sandbox harness, the browser's Run worker, the grader's reference run, the kit's judgeGroup) passes
  // as `prepared` exactly what this adapter's prepare() returned for the case's fixture, and as `entry` the learner's
  // export only after checking that it is a function. A JavaScript function accepts any arguments, and
  // LearnerFunction promises nothing about what it returns: call() checks that itself.
  const call = parts.call as UntypedCall<Answer>;
  return { prepare: parts.prepare, call };
}

/**
 * An adapter for an exercise whose cases carry all their data in their input (a layout, a configuration, a
 * script): its fixture holds nothing, so there is nothing to prepare.
 */
export function defineCaseAdapter<Args extends unknown[], Answer>(
  call: (entry: LearnerFunction<Args>, input: Record<string, unknown>) => Answer,
): ExerciseAdapter<Answer> {
  return defineAdapter({
    prepare: () => null,
    call: (entry: LearnerFunction<Args>, _prepared: null, input: Record<string, unknown>) => call(entry, input),
  });
}
