import "server-only";
import { z } from "zod";
import { exerciseCatalog } from "../content/catalog";
import { gradeResultSchema, redactForLearner, type GradeResult } from "../grader/contract";
import type { PrismaClient } from "../generated/prisma/client";
import { findCourseRole } from "./courses";
import { RequestError } from "./errors";
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

/** Where the exercise's own settings live: the public catalog (limits, attempts). */
export function requireExerciseSettings(exerciseId: string) {
  const entry = exerciseCatalog[exerciseId];
  if (!entry) throw new RequestError(404, "exercise_not_found", `There is no exercise "${exerciseId}".`);
  return entry.spec.settings;
}

/** Checks that the user may work on the exercise: it exists and they are enrolled in its course. */
export async function requireExerciseAccess(db: PrismaClient, user: { id: string; role: string }, exerciseId: string) {
  const exercise = await db.exercise.findUnique({ where: { id: exerciseId } });
  if (!exercise) throw new RequestError(404, "exercise_not_found", `There is no exercise "${exerciseId}".`);
  const role = await findCourseRole(db, user, exercise.courseId);
  if (!role) throw new RequestError(403, "not_enrolled", "Enroll in this course to submit work for it.");
  return exercise;
}

/**
 * Accepts a submission: validates it, stores it as queued and returns it. The caller hands its id
 * to the grading service; from here on it always ends graded or failed.
 */
export async function createSubmission(db: PrismaClient, user: { id: string; role: string }, request: SubmitRequest) {
  const settings = requireExerciseSettings(request.exerciseId);
  const exercise = await requireExerciseAccess(db, user, request.exerciseId);
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

type SubmissionRow = NonNullable<Awaited<ReturnType<PrismaClient["submission"]["findUnique"]>>>;

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

/** One of the user's own submissions; someone else's is as invisible as a missing one. */
export async function requireOwnSubmission(db: PrismaClient, userId: string, submissionId: string): Promise<SubmissionView> {
  const row = await db.submission.findUnique({ where: { id: submissionId } });
  if (!row || row.userId !== userId) throw new RequestError(404, "submission_not_found", "There is no such submission.");
  return toSubmissionView(row);
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
