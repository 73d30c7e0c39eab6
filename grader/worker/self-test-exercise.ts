import { z } from "zod";
import { exerciseSettingsSchema, type CheckGroup, type ExerciseAdapter } from "../../contract/exercise";
import type { GradableExercise } from "../registry";

// A tiny built-in exercise for the worker's start-up self-test: `probe(a, b)` must return a + b. It needs no
// build output and no content, so the self-test checks the sandbox itself, not any exercise.

const adapter: ExerciseAdapter = {
  prepare: () => null,
  call: (entry, _prepared, input) => callProbe(entry, input),
};

function callProbe(entry: (...args: never[]) => unknown, input: Record<string, unknown>): unknown {
  const answer: unknown = Reflect.apply(entry, undefined, [Number(input.a), Number(input.b)]);
  return answer;
}

// The same adapter, as the isolate sees it (the runtime bundle of a real exercise is built by esbuild).
const RUNTIME_SOURCE = `globalThis.__pagewise_register({}, { adapter: {
  prepare: function () { return null; },
  call: function (entry, prepared, input) { return entry(Number(input.a), Number(input.b)); }
} });`;

const group: CheckGroup = {
  name: "adds two numbers",
  points: 1,
  visibility: "public",
  fixtures: [{ frames: [], bytes: new Uint8Array(0), meta: {} }],
  cases: [{ fixture: 0, input: { a: 2, b: 3 } }],
};

/** The self-test exercise, with small limits so a deliberate bomb or loop is stopped quickly. */
export const selfTestExercise: GradableExercise = {
  id: "self-test",
  version: "builtin",
  spec: {
    settings: exerciseSettingsSchema.parse({
      id: "self-test",
      title: "Grader self-test",
      points: 1,
      entry: "probe",
      limits: { cpuTimeMs: 1000, wallTimeMs: 4000, perCheckTimeoutMs: 400, memoryMb: 32 },
    }),
    outputSchema: z.number(),
    compare: (_input, expected, actual) => (expected === actual ? { pass: true } : { pass: false, message: `returned ${String(actual)}, expected ${String(expected)}` }),
    publicChecks: () => [group],
  },
  adapter,
  secrets: { solution: { probe: (a: number, b: number) => a + b }, hiddenChecks: () => [] },
  runtimeSource: RUNTIME_SOURCE,
};
