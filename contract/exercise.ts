import { z } from "zod";
import { accessWindowsSchema } from "./access";
import { limitsSchema } from "./limits";
import type { Trace } from "./grade-result";

/**
 * The exercise kit: how an exercise tells the grader what to run and how to judge it.
 *
 * An exercise folder holds (see content/README.md):
 *   settings.json      ExerciseSettings (validated by exerciseSettingsSchema)
 *   prompt.mdx         what the learner reads beside the editor
 *   starter.ts         compiles, fails at least one check
 *   adapter.ts         ExerciseAdapter (kit: defineAdapter): runs INSIDE the sandbox next to the learner's code (public)
 *   spec.ts            ExerciseSpec: output schema, comparison, messages, public checks (public)
 *   solution.ts        the reference solution, in the learner's own API (server only)
 *   hidden.ts          HiddenChecks: edge cases and fresh-seed differential checks (server only)
 *   spec-*.ts          optional helpers of spec.ts (public)
 *   hidden-*.ts        optional helpers of hidden.ts (server only)
 *   *.test.ts          the exercise's own tests (not part of its version)
 *
 * Cases travel to the sandbox as plain data (JSON inputs plus binary fixtures such as physical memory
 * pages); answers travel back as plain data and are validated by the spec's outputSchema on the host.
 * Expected values are computed on the host from the reference solution and never enter the sandbox.
 */

export const exerciseIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "exercise ids are kebab-case: lowercase letters, digits, dashes");

export const exerciseSettingsSchema = z
  .object({
    id: exerciseIdSchema,
    title: z.string().min(1).max(120),
    /** Must equal the sum of all check points, public and hidden. */
    points: z.number().int().positive().max(1000),
    /** The exported function the learner implements. */
    entry: z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/),
    limits: limitsSchema.default(limitsSchema.parse({})),
    /** null: unlimited submissions. */
    attempts: z.number().int().positive().nullable().default(null),
    /** When it accepts submissions and for how much credit (contract/access.ts); absent: the module's, the course's, or always open. */
    access: accessWindowsSchema.optional(),
  })
  .strict();
export type ExerciseSettings = z.infer<typeof exerciseSettingsSchema>;

/** A machine image or any binary state a group of cases shares: pages of physical memory by frame number. */
export interface FixtureWire {
  /** Physical frame numbers, in the same order as the pages in `bytes`. */
  frames: number[];
  /** frames.length * 4096 bytes. */
  bytes: Uint8Array;
  /** Anything else the adapter needs to rebuild the fixture (registers, layout parameters), as JSON. */
  meta: Record<string, unknown>;
}

/** One case: which fixture it runs on, and the JSON input given to the learner's function. */
export interface CaseWire {
  fixture: number;
  input: Record<string, unknown>;
}

/** One check as the learner sees it: a name, points, and the cases that must all pass. */
export interface CheckGroup {
  name: string;
  points: number;
  visibility: "public" | "hidden";
  fixtures: FixtureWire[];
  cases: CaseWire[];
}

/** The answer to one case, as plain data, or why there is none. */
export type CaseAnswer = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Runs inside the sandbox (and the browser's Run worker) beside the learner's code. It rebuilds sim
 * objects from wire data, calls the learner's entry function and turns the answer into plain data.
 * The sandbox runtime bundle is built from it: it imports sim/ and the kit's pure helpers only.
 *
 * Untyped on purpose: the grader and the registries hold every exercise's adapter alike, always call `call`
 * with what `prepare` returned for the case's fixture, and pass the learner's export only once it is known to
 * be a function. Exercises write one with the kit's defineAdapter (content/kit/define-adapter.ts), which types
 * the learner's function, the prepared state and `Answer` (what `call` returns) once, without casts.
 */
export interface ExerciseAdapter<Answer = unknown> {
  prepare(fixture: FixtureWire): unknown;
  call(entry: (...args: never[]) => unknown, prepared: unknown, input: Record<string, unknown>): Answer;
  /**
   * The grader's sandbox freezes the language's built-ins and sim's exports before the learner's code loads
   * (grader/pipeline/harness-source.ts): for an adapter whose machine holds what the learner must find for themselves.
   */
  sealsIntrinsics?: true;
}

export type Comparison = { pass: true } | { pass: false; message: string };

/** Public: how answers are checked and explained. Safe in the browser. */
export interface ExerciseSpec<Output = unknown> {
  settings: ExerciseSettings;
  /** Validates what came back from the sandbox; a mismatch is the learner's malformed answer. */
  outputSchema: z.ZodType<Output>;
  /** Is `actual` right? The message speaks to the learner: what was asked, returned, expected. */
  compare(input: Record<string, unknown>, expected: Output, actual: Output): Comparison;
  /** The public checks for a learner's seed: fixed cases plus a differential check on their own data. */
  publicChecks(seed: string): CheckGroup[];
  /** For walks: draws an answer's walk (the learner's or the reference's) for the visualiser. */
  trace?(fixture: FixtureWire, input: Record<string, unknown>, answer: Output): Trace | null;
  /**
   * The reference's answer to a public case as the learner's browser receives it (for Run). Most exercises send it
   * as it is; one whose answer IS the graded judgement (a review's verdicts) withholds those parts here, and its
   * compare then judges in the browser only what it can prove without them. The server judges with the full answer.
   */
  answerForBrowser?(expected: Output): Output;
}

/** Server only: the reference solution and the hidden checks. */
export interface ExerciseSecrets {
  /** The reference solution's module exports (the same shape as the learner's). */
  solution: Record<string, unknown>;
  /** Hidden checks for a fresh seed: the edge cases of the facts file and differential checks. */
  hiddenChecks(seed: string): CheckGroup[];
}
