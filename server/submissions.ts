import "server-only";
import { findCatalogEntry } from "../content/catalog";
import { gradeResultSchema, type GradeResult } from "../contract/grade-result";
import { creditReasonSchema, FINAL_SUBMISSION_STATUSES, submissionStatusSchema, type SubmissionView, type SubmitRequest } from "../contract/http/submissions";
import { redactForLearner } from "../grader/redact";
import type { PrismaClient } from "../generated/prisma/client";
import { RequestError } from "./errors";
import { submissionTerms } from "./access/learner-terms";
import { exerciseAccessRules } from "./access/rules";
import type { CourseRole } from "./courses";
import type { GradingQueue } from "./grading/queue";
import type { ExerciseRow } from "./route/access";
import { freshSeed, learnerSeed } from "./seeds";

/** The exercise's own settings (limits, attempts) from the public catalog; a prototype key is an unknown id. */
export function requireExerciseSettings(exerciseId: string) {
  const entry = findCatalogEntry(exerciseId);
  if (!entry) throw new RequestError(404, "exercise_not_found", `There is no exercise "${exerciseId}".`);
  return entry.spec.settings;
}

/**
 * Accepts a submission from a user the route has already let in (enrolled in the exercise's course): checks
 * the exercise's own limits, then hands it to the grading queue, which decides its credit from the exercise's
 * access windows (403 when it is closed or not open yet), stores it and its job together and refuses it past the
 * learner's cap on submissions in flight. From here on it always ends graded or failed.
 */
export async function createSubmission(
  db: PrismaClient,
  queue: Pick<GradingQueue, "submit">,
  user: { id: string },
  exercise: ExerciseRow,
  request: SubmitRequest,
  maxInFlight: number,
  options: { courseRole: CourseRole; clock?: () => Date },
) {
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
    // A submission the platform failed to grade (status failed) was never a verdict: it does not count.
    const used = await db.submission.count({ where: { userId: user.id, exerciseId: exercise.id, status: { not: "failed" } } });
    if (used >= settings.attempts) {
      throw new RequestError(
        429,
        "no_attempts_left",
        `You have used all ${settings.attempts} attempts for this exercise.`,
      );
    }
  }
  // The course's staff try exercises whenever they like: windows are the learners' schedule.
  const rules = options.courseRole === "learner" ? await exerciseAccessRules(exercise.courseId, exercise.id) : null;
  return queue.submit(
    {
      userId: user.id,
      exerciseId: exercise.id,
      exerciseVersion: exercise.contentHash,
      code: request.code,
      maxScore: exercise.maxScore,
      seed: learnerSeed(user.id, exercise.id),
    },
    maxInFlight,
    rules ? submissionTerms(user.id, rules, options.clock) : undefined,
  );
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
    rawScore: row.rawScore,
    credit: row.credit,
    creditReason: creditReasonSchema.catch("always_open").parse(row.creditReason),
    windowIndex: row.windowIndex,
    graceDays: row.graceDays,
    score: row.score,
    regradedFrom: row.regradedFrom,
    maxScore: row.maxScore,
    message: row.message,
    result,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    code: row.code,
  };
}

/** Whether a stored submission has reached a final state (a missing one counts: there is nothing to wait for). */
export function isFinal(row: SubmissionRow | null): boolean {
  return row === null || FINAL_SUBMISSION_STATUSES.includes(toSubmissionView(row).status);
}

/** A stored submission by id, or null (routes check ownership through their access rule). */
export async function findSubmissionRow(db: PrismaClient, submissionId: string): Promise<SubmissionRow | null> {
  return db.submission.findUnique({ where: { id: submissionId } });
}

/** The user's submissions for an exercise, newest first. */
export async function listOwnSubmissions(
  db: PrismaClient,
  userId: string,
  exerciseId: string,
  take = 20,
): Promise<SubmissionView[]> {
  const rows = await db.submission.findMany({
    where: { userId, exerciseId },
    orderBy: { createdAt: "desc" },
    take,
  });
  return rows.map(toSubmissionView);
}

export { freshSeed };
