import { z } from "zod";

/**
 * The grader's public contract: what a grading run returns. The web app, the browser's Run worker and
 * remote workers all validate against these schemas; nothing else of the grader reaches the browser.
 * Bump RESULT_SCHEMA_VERSION on any incompatible change (stored results keep their version).
 */
export const RESULT_SCHEMA_VERSION = 1;

export const outcomeSchema = z.enum([
  "graded",
  "compile_error",
  "timeout",
  "memory_limit",
  "runtime_error",
  "internal_error",
]);
export type Outcome = z.infer<typeof outcomeSchema>;

export const verdictSchema = z.enum(["pass", "fail", "error", "timeout", "not_run"]);
export type Verdict = z.infer<typeof verdictSchema>;

/** One step of a page walk, as the visualiser draws it (values are 0x-prefixed hex strings). */
export const traceStepSchema = z.object({
  level: z.string().max(32),
  entryAddress: z.string().max(24),
  entryValue: z.string().max(24),
  flags: z.array(z.string().max(16)).max(32),
  note: z.string().max(400).optional(),
});
export const traceSchema = z.object({
  steps: z.array(traceStepSchema).max(8),
  outcome: z.string().max(400),
});
export type Trace = z.infer<typeof traceSchema>;

/**
 * Why a check did not pass, in the learner's terms. A hidden check's learner message is built from this, its
 * name and its case counts alone (hiddenCheckMessage), so it can never carry a case's input or expected value.
 */
export const failureSchema = z.enum(["wrong_answer", "error", "timeout", "out_of_memory", "not_run", "grader_fault"]);
export type Failure = z.infer<typeof failureSchema>;

export const checkResultSchema = z.object({
  name: z.string().max(200),
  visibility: z.enum(["public", "hidden"]),
  points: z.number().nonnegative(),
  earned: z.number().nonnegative(),
  verdict: verdictSchema,
  /** Set when the verdict is not "pass" (results stored before it existed lack it). */
  failure: failureSchema.optional(),
  /** In the learner's terms: what was asked, what they returned, what was expected. */
  message: z.string().max(4000),
  /** How many cases the check ran and how many passed. */
  casesRun: z.number().int().nonnegative(),
  casesPassed: z.number().int().nonnegative(),
  /** For walks: the first failing case, the learner's walk beside the reference walk. */
  traces: z.object({ learner: traceSchema.nullable(), reference: traceSchema.nullable() }).optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const compileErrorSchema = z.object({
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
  message: z.string().max(2000),
});
export type CompileError = z.infer<typeof compileErrorSchema>;

/** What a grade keeps for instructors and never shows a learner, because it can hold a hidden case. */
export const serverOnlySchema = z.object({
  /** What the learner's code printed once hidden checks had started (it may print their inputs). */
  hiddenConsole: z.string().max(65_536).optional(),
  /** A grader fault in full, when its text may name a hidden case (the learner reads a plain sentence). */
  faultDetail: z.string().max(4000).optional(),
});
export type ServerOnly = z.infer<typeof serverOnlySchema>;

export const gradeResultSchema = z.object({
  schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
  status: outcomeSchema,
  score: z.number().nonnegative(),
  maxScore: z.number().nonnegative(),
  /** A one-line summary for the learner (and the whole story when there are no checks to show). */
  message: z.string().max(4000),
  checks: z.array(checkResultSchema).max(200),
  compileErrors: z.array(compileErrorSchema).max(50),
  /**
   * What the learner's code printed while loading and during the public checks, truncated to the exercise's limit.
   * Output printed once a hidden check had started is in serverOnly.hiddenConsole.
   */
  console: z.string().max(65_536),
  exerciseId: z.string().max(100),
  exerciseVersion: z.string().max(100),
  graderVersion: z.string().max(100),
  /** The learner's public seed and the fresh hidden seed: together they reproduce this grade. */
  seed: z.string().max(100),
  hiddenSeed: z.string().max(100),
  timings: z.object({ compileMs: z.number(), runMs: z.number(), totalMs: z.number() }),
  /** Instructors only: redactForLearner drops all of it (docs/decisions/0022-hidden-checks-stay-on-the-server.md). */
  serverOnly: serverOnlySchema.optional(),
});
export type GradeResult = z.infer<typeof gradeResultSchema>;
