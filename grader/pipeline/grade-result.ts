import { gradeResultSchema, RESULT_SCHEMA_VERSION, type CheckResult, type CompileError, type GradeResult, type Outcome, type ServerOnly } from "../../contract/grade-result";
import { GRADER_VERSION } from "../version";

/** What every result echoes so the grade can be replayed: who, which versions, which seeds, since when. */
export interface ResultContext {
  exerciseId: string;
  exerciseVersion: string;
  seed: string;
  hiddenSeed: string;
  startedAtMs: number;
}

export interface ResultFields {
  status: Outcome;
  message: string;
  checks: CheckResult[];
  maxScore: number;
  compileErrors?: CompileError[];
  /** What the learner's code printed before any hidden check started (it is shown to the learner). */
  console?: string;
  /** What it printed once one had started (kept for instructors only). */
  hiddenConsole?: string;
  compileMs?: number;
  runMs?: number;
}

/**
 * Assembles and VALIDATES a GradeResult. A result that fails the contract schema (a grader bug) becomes an
 * internal_error result saying so: callers always get a valid result, never an exception.
 */
export function buildResult(context: ResultContext, fields: ResultFields): GradeResult {
  const candidate: GradeResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    status: fields.status,
    score: fields.checks.reduce((sum, check) => sum + check.earned, 0),
    maxScore: fields.maxScore,
    message: clip(fields.message, 4000),
    checks: fields.checks,
    compileErrors: fields.compileErrors ?? [],
    console: clip(fields.console ?? "", 65_536),
    ...echo(context),
    timings: { compileMs: round(fields.compileMs ?? 0), runMs: round(fields.runMs ?? 0), totalMs: round(performance.now() - context.startedAtMs) },
    ...serverOnly({ hiddenConsole: fields.hiddenConsole }),
  };
  const parsed = gradeResultSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const firstIssue = parsed.error.issues[0];
  const where = firstIssue ? `${firstIssue.path.join(".")}: ${firstIssue.message}` : "unknown field";
  return internalErrorResult(context, `The grader produced an invalid result (${where}). This is a grader bug, not your code's fault.`, fields.maxScore);
}

/**
 * A result for a grader fault (or an unknown exercise): no score, the message says what went wrong. A fault whose
 * text may name a hidden case gives the learner a plain `message` and keeps the text in `faultDetail` (server only).
 */
export function internalErrorResult(context: ResultContext, message: string, maxScore = 0, faultDetail?: string): GradeResult {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    status: "internal_error",
    score: 0,
    maxScore: Number.isFinite(maxScore) && maxScore >= 0 ? maxScore : 0,
    message: clip(message, 4000),
    checks: [],
    compileErrors: [],
    console: "",
    ...echo(context),
    timings: { compileMs: 0, runMs: 0, totalMs: round(performance.now() - context.startedAtMs) },
    ...serverOnly({ faultDetail }),
  };
}

// Only the parts that hold something, clipped to the contract's bounds; no `serverOnly` key when none does.
function serverOnly(parts: { hiddenConsole?: string | undefined; faultDetail?: string | undefined }): { serverOnly?: ServerOnly } {
  const kept: ServerOnly = {
    ...(parts.hiddenConsole ? { hiddenConsole: clip(parts.hiddenConsole, 65_536) } : {}),
    ...(parts.faultDetail ? { faultDetail: clip(parts.faultDetail, 4000) } : {}),
  };
  return Object.keys(kept).length > 0 ? { serverOnly: kept } : {};
}

function echo(context: ResultContext): Pick<GradeResult, "exerciseId" | "exerciseVersion" | "graderVersion" | "seed" | "hiddenSeed"> {
  return {
    exerciseId: clip(context.exerciseId, 100),
    exerciseVersion: clip(context.exerciseVersion, 100),
    graderVersion: GRADER_VERSION,
    seed: clip(context.seed, 100),
    hiddenSeed: clip(context.hiddenSeed, 100),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
