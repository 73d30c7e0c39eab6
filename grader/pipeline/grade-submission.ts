import { z } from "zod";
import type { CheckGroup } from "../../contract/exercise";
import { scoreChecks, stoppedResult } from "../shared/score";
import type { GradeResult } from "../../contract/grade-result";
import type { Ivm } from "../ivm/load-ivm";
import type { ExerciseRegistry } from "../registry";
import { buildResult, internalErrorResult, type ResultContext } from "./grade-result";
import { preparePublic } from "./public-cache";
import { referenceAnswers } from "./reference";
import { runChecks } from "./run-checks";
import { MODULE_WRAPPER_PREFIX, Sandbox, type LoadOutcome, type SandboxOptions } from "./sandbox";
import { createLineMapper, lineSuffix } from "./source-lines";
import type { Sabotage } from "./sabotage";
import { transpileSubmission } from "./transpile";

/** One submission to grade. Seeds are strings so any run can be replayed exactly. */
export const gradeInputSchema = z
  .object({
    exerciseId: z.string().min(1).max(100),
    code: z.string().max(4 * 1024 * 1024),
    seed: z.string().min(1).max(100),
    hiddenSeed: z.string().min(1).max(100),
    /** Defaults to the version in the grader's build manifest. */
    exerciseVersion: z.string().max(100).optional(),
  })
  .strict();
export type GradeInput = z.infer<typeof gradeInputSchema>;

export interface GradeDependencies {
  ivm: Ivm;
  registry: ExerciseRegistry;
  /** Tests only: protections switched off on purpose (see sabotage.ts). */
  sabotage?: Sabotage;
}

/**
 * Grades one submission from source text to a schema-valid GradeResult: size check, transpile, reference answers
 * on the host, a FRESH isolate for the learner's module and checks, then judging on the host. Never rejects:
 * every fault, the grader's included, comes back as a result with a status and a plain message.
 * The result's `message` and `console` never hold a hidden case, its expected value or what the code printed
 * during hidden checks (those stay in hidden checks' messages and `serverOnly`, which redactForLearner drops):
 * the server shows both to the learner as they are.
 */
export async function gradeSubmission(input: GradeInput, deps: GradeDependencies): Promise<GradeResult> {
  const context: ResultContext = {
    exerciseId: input.exerciseId,
    exerciseVersion: input.exerciseVersion ?? "unknown",
    seed: input.seed,
    hiddenSeed: input.hiddenSeed,
    startedAtMs: performance.now(),
  };
  try {
    return await gradeOrThrow(input, deps, context);
  } catch (error) {
    // A grader bug: its text could come from anywhere (a hidden check's data included), so it stays server side.
    const detail = error instanceof Error ? error.message : String(error);
    return internalErrorResult(context, "The grader failed on this submission. This is not your code's fault; please submit again.", 0, `The grader failed: ${detail}`);
  }
}

/** What a learner reads when an exercise's hidden side fails; the reason (which may name a case) is server only. */
const HIDDEN_SIDE_FAILED = "The exercise's hidden checks could not be prepared. This is not your code's fault; please submit again later.";

async function gradeOrThrow(input: GradeInput, deps: GradeDependencies, context: ResultContext): Promise<GradeResult> {
  const sabotage = deps.sabotage ?? {};
  const exercise = deps.registry.find(input.exerciseId);
  if (!exercise) return internalErrorResult(context, `Unknown exercise "${input.exerciseId}".`);
  context.exerciseVersion = input.exerciseVersion ?? exercise.version;
  const { spec, adapter, secrets } = exercise;
  const limits = spec.settings.limits;

  // esbuild transpiles in its own process: the checks are prepared and the isolate opened while it works.
  const compileStart = performance.now();
  const compiling = transpileSubmission(input.code, limits.codeSizeBytes);

  let publicChecks: ReturnType<typeof preparePublic>;
  try {
    publicChecks = preparePublic(exercise, input.seed);
  } catch (error) {
    return internalErrorResult(context, `The exercise could not generate its checks: ${errorText(error)}`);
  }
  if (!publicChecks.ok) return internalErrorResult(context, `The exercise's reference solution failed (not your code's fault): ${publicChecks.message}`);
  let hiddenGroups: CheckGroup[];
  try {
    hiddenGroups = secrets.hiddenChecks(input.hiddenSeed);
  } catch (error) {
    return internalErrorResult(context, HIDDEN_SIDE_FAILED, 0, `The exercise could not generate its hidden checks: ${errorText(error)}`);
  }
  // A "public" group from hiddenChecks would be judged, and shown, as public: an exercise bug, refused loudly.
  const misfiled = hiddenGroups.find((group) => group.visibility !== "hidden");
  if (misfiled) return internalErrorResult(context, HIDDEN_SIDE_FAILED, 0, `hiddenChecks returned the group "${misfiled.name}" with visibility "${misfiled.visibility}".`);
  const groups = [...publicChecks.checks.groups, ...hiddenGroups];
  const maxScore = groups.reduce((sum, group) => sum + group.points, 0);
  const notRun = (message: string) => groups.map((group) => stoppedResult(group, { stopped: "not_run", message }));

  const runStart = performance.now();
  const wallTimeMs = sabotage.noTimeout ? 600_000 : limits.wallTimeMs;
  const wallDeadlineMs = context.startedAtMs + wallTimeMs;
  const opened = openSandbox({
    ivm: deps.ivm,
    memoryMb: limits.memoryMb,
    consoleBytes: limits.consoleBytes,
    wallTimeMs: Math.max(1, wallDeadlineMs - performance.now()),
    runtimeSource: exercise.runtimeSource,
    sabotage,
  });
  const compiled = await compiling;
  // compileMs: until the code was in hand; the isolate opened meanwhile.
  const compileMs = performance.now() - compileStart;
  if (!compiled.ok) {
    if (opened.ok) opened.sandbox.dispose();
    return buildResult(context, { status: "compile_error", message: compiled.message, checks: notRun("Not run: the code does not compile."), maxScore, compileErrors: compiled.errors, compileMs });
  }
  if (!opened.ok) throw opened.error;
  const sandbox = opened.sandbox;
  try {
    const hiddenReference = referenceAnswers(spec, adapter, secrets.solution, hiddenGroups);
    if (!hiddenReference.ok) return internalErrorResult(context, HIDDEN_SIDE_FAILED, maxScore, `The reference solution failed on a hidden check: ${hiddenReference.message}`);
    const reference = { answers: [...publicChecks.checks.expected, ...hiddenReference.answers] };
    const loadBudget = Math.max(1, Math.floor(Math.min(limits.perCheckTimeoutMs, wallDeadlineMs - performance.now())));
    const loaded = sandbox.load(compiled.code, spec.settings.entry, sabotage.noTimeout ? 600_000 : loadBudget);
    const lineMapper = createLineMapper(compiled.sourceMap, MODULE_WRAPPER_PREFIX.length);
    if (!loaded.ok) {
      const where = loaded.kind === "threw" ? lineSuffix(lineMapper, loaded.at) : "";
      const { status, message } = describeLoadFailure(loaded, loadBudget, limits.memoryMb, where);
      return buildResult(context, { status, message, checks: notRun("Not run: your module did not load."), maxScore, console: sandbox.consoleBuffer.text("public"), compileMs, runMs: performance.now() - runStart });
    }
    const run = await runChecks(sandbox, groups, limits, wallDeadlineMs, {
      disableTimeout: sabotage.noTimeout === true,
      lineMapper,
      ...(sabotage.leakExpected ? { leakedExpected: reference.answers } : {}),
    });
    const checks = scoreChecks(spec, groups, reference.answers, run.outcomes);
    const passed = checks.filter((check) => check.verdict === "pass").length;
    const earned = checks.reduce((sum, check) => sum + check.earned, 0);
    const summary = `Passed ${passed} of ${checks.length} checks: ${earned}/${maxScore} points.`;
    return buildResult(context, {
      status: run.limitHit ?? "graded",
      message: run.limitHit ? `${run.limitMessage} ${summary}` : summary,
      checks,
      maxScore,
      console: sandbox.consoleBuffer.text("public"),
      hiddenConsole: sandbox.consoleBuffer.text("hidden"),
      compileMs,
      runMs: performance.now() - runStart,
    });
  } finally {
    sandbox.dispose();
  }
}

/** Sandbox.open, with a grader fault held back: a submission that does not compile is reported as such first. */
function openSandbox(options: SandboxOptions): { ok: true; sandbox: Sandbox } | { ok: false; error: unknown } {
  try {
    return { ok: true, sandbox: Sandbox.open(options) };
  } catch (error) {
    return { ok: false, error };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeLoadFailure(loaded: Exclude<LoadOutcome, { ok: true }>, budgetMs: number, memoryMb: number, where: string): { status: GradeResult["status"]; message: string } {
  if (loaded.kind === "no_entry") return { status: "runtime_error", message: loaded.message };
  if (loaded.kind === "threw") {
    if (loaded.message.includes("Array buffer allocation failed")) return { status: "memory_limit", message: `Your code ran out of memory while loading (the limit is ${memoryMb} MB): ${loaded.message}` };
    return { status: "runtime_error", message: `Your code threw while loading, before any check ran: ${loaded.message}${where}` };
  }
  if (loaded.kind !== "failure") return { status: "runtime_error", message: loaded.message };
  switch (loaded.failure.kind) {
    case "timeout":
      return { status: "timeout", message: `Your code's top level took longer than ${budgetMs} ms to run (a loop that never ends?). No check ran.` };
    case "wall_limit":
      return { status: "timeout", message: "Your code took longer than the submission's time limit to load. No check ran." };
    case "memory_limit":
      return { status: "memory_limit", message: `Your code ran out of memory while loading (the limit is ${memoryMb} MB). No check ran.` };
    case "crashed":
      return { status: "runtime_error", message: `Your code could not be loaded: ${loaded.failure.message.slice(0, 500)}` };
  }
}
