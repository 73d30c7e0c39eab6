import "server-only";
import { z } from "zod";
import { findCatalogEntry } from "../content/catalog";
import { gradeResultSchema, redactForLearner, type GradeResult } from "../grader/contract";
import type { PrismaClient } from "../generated/prisma/client";
import { RequestError } from "./errors";
import type { ExerciseRow } from "./route/access";
import { freshSeed, learnerSeed } from "./seeds";

/** The body of POST /api/submissions. Size is checked against the exercise's own limit below. */
export const submitRequestSchema = z
  .object({
    exerciseId: z.string().min(1).max(100),
    code: z.string().max(1_048_576, "code is larger than 1 MB"),
  })
  .strict();
export type SubmitRequest = z.infer<typeof submitRequestSchema>;

export const submissionStatusSchema = z.enum(["queued", "running", "graded", "failed"]);
export type SubmissionStatus = z.infer<typeof submissionStatusSchema>;

/** What the learner's browser receives about one submission (never hidden inputs or the seed of hidden checks). */
export interface SubmissionView {
  id: string;
  exerciseId: string;
  status: SubmissionStatus;
  score: number | null;
  maxScore: number;
  message: string | null;
  result: GradeResult | null;
  createdAt: string;
  finishedAt: string | null;
  code: string;
}

/** The exercise's own settings (limits, attempts) from the public catalog; a prototype key is an unknown id. */
export function requireExerciseSettings(exerciseId: string) {
  const entry = findCatalogEntry(exerciseId);
  if (!entry) throw new RequestError(404, "exercise_not_found", `There is no exercise "${exerciseId}".`);
  return entry.spec.settings;
}

/**
 * Accepts a submission from a user the route has already let in (enrolled in the exercise's course): checks
 * the exercise's own limits, stores it as queued and returns it. The caller hands its id to the grading
 * service; from here on it always ends graded or failed.
 */
export async function createSubmission(db: PrismaClient, user: { id: string }, exercise: ExerciseRow, request: SubmitRequest) {
  const settings = requireExerciseSettings(exercise.id);
  const size = Buffer.byteLength(request.code, "utf8");
  if (size > settings.limits.codeSizeBytes) {
    throw new RequestError(
      413,
      "code_too_large",
      `Your code is ${size} bytes; this exercise accepts at most ${settings.limits.codeSizeBytes}.`,
    );
  }
  if (settings.attempts !== null) {
    const used = await db.submission.count({ where: { userId: user.id, exerciseId: exercise.id } });
    if (used >= settings.attempts) {
      throw new RequestError(429, "no_attempts_left", `You have used all ${settings.attempts} attempts for this exercise.`);
    }
  }
  return db.submission.create({
    data: {
      userId: user.id,
      exerciseId: exercise.id,
      exerciseVersion: exercise.contentHash,
      code: request.code,
      status: "queued",
      maxScore: exercise.maxScore,
      seed: learnerSeed(user.id, exercise.id),
    },
  });
}

export type SubmissionRow = NonNullable<Awaited<ReturnType<PrismaClient["submission"]["findUnique"]>>>;

/** The learner-facing view of a stored submission; a stored result that no longer parses is reported, not thrown. */
export function toSubmissionView(row: SubmissionRow): SubmissionView {
  let result: GradeResult | null = null;
  if (row.resultJson) {
    const parsed = gradeResultSchema.safeParse(JSON.parse(row.resultJson));
    result = parsed.success ? redactForLearner(parsed.data) : null;
  }
  return {
    id: row.id,
    exerciseId: row.exerciseId,
    status: submissionStatusSchema.catch("failed").parse(row.status),
    score: row.score,
    maxScore: row.maxScore,
    message: row.message,
    result,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    code: row.code,
  };
}

/** A stored submission by id, or null (routes check ownership through their access rule). */
export async function findSubmissionRow(db: PrismaClient, submissionId: string): Promise<SubmissionRow | null> {
  return db.submission.findUnique({ where: { id: submissionId } });
}

/** The user's submissions for an exercise, newest first. */
export async function listOwnSubmissions(db: PrismaClient, userId: string, exerciseId: string, take = 20): Promise<SubmissionView[]> {
  const rows = await db.submission.findMany({
    where: { userId, exerciseId },
    orderBy: { createdAt: "desc" },
    take,
  });
  return rows.map(toSubmissionView);
}

export { freshSeed };
