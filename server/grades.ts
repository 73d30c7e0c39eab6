import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import type { UserActor } from "./audit/actors";
import { auditedTransaction, recordAudit } from "./audit/record";
import { RequestError } from "./errors";
import { gradeOf, gradesFor, type OverrideRow } from "./grade-rule";
import { announceScoresQueued, queueLtiScores } from "./lti/ags/queue-score";

// The grade rule lives in ./grade-rule (the LMS score queue needs it, see there); its importers still find it here.
export { gradeKey, gradeOf, gradesFor, type ExerciseGrade, type GradeReader, type OverrideView } from "./grade-rule";

/** A learner's final grade per exercise (overrides applied), for their progress. */
export async function finalScores(db: PrismaClient, userId: string, exerciseIds: readonly string[]): Promise<Map<string, number>> {
  const grades = await gradesFor(db, [userId], exerciseIds);
  const finals = new Map<string, number>();
  for (const exerciseId of exerciseIds) {
    const final = gradeOf(grades, userId, exerciseId).final;
    if (final !== null) finals.set(exerciseId, final);
  }
  return finals;
}

export interface OverrideRequest {
  userId: string;
  exerciseId: string;
  /** Points, 0..the exercise's maxScore; null gives the grade back to the automatic one. */
  score: number | null;
  reason: string;
}

/**
 * Sets (or, with score null, removes) an instructor's grade for a learner of the course on one of its exercises. A
 * new row each time: nothing is overwritten. 404 for a learner not enrolled in the course or an exercise not in it,
 * 422 for a score outside 0..maxScore. Recorded in the audit log against the grade "<learner>:<exercise>", with the
 * override it replaced (null there: the automatic grade).
 */
export async function setOverride(db: PrismaClient, courseId: string, actor: UserActor, request: OverrideRequest): Promise<OverrideHistoryEntry> {
  const { entry, queued } = await auditedTransaction(db, async (tx) => {
    const learner = await tx.enrollment.findFirst({ where: { courseId, userId: request.userId, role: "learner" }, select: { userId: true } });
    if (!learner) throw new RequestError(404, "learner_not_found", "That learner is not enrolled in this course.");
    const exercise = await tx.exercise.findFirst({ where: { id: request.exerciseId, courseId }, select: { id: true, maxScore: true } });
    if (!exercise) throw new RequestError(404, "exercise_not_found", `This course has no exercise "${request.exerciseId}".`);
    if (request.score !== null && (request.score < 0 || request.score > exercise.maxScore)) {
      throw new RequestError(422, "score_out_of_range", `A grade for ${exercise.id} is between 0 and ${exercise.maxScore} points.`);
    }
    const previous = await tx.gradeOverride.findFirst({ where: { userId: learner.userId, exerciseId: exercise.id }, orderBy: { createdAt: "desc" }, select: { score: true, reason: true } });
    const row = await tx.gradeOverride.create({
      data: { courseId, userId: learner.userId, exerciseId: exercise.id, score: request.score, reason: request.reason.trim(), setById: actor.userId },
      include: { setBy: { select: { name: true } } },
    });
    await recordAudit(tx, actor, {
      action: "override.set",
      targetType: "grade",
      targetId: `${learner.userId}:${exercise.id}`,
      courseId,
      before: { override: previous ? previous.score : null, reason: previous?.reason ?? null },
      after: { override: row.score, reason: row.reason },
    });
    // The learner's new grade goes to the LMS gradebooks their launches named (AGS), committed with the override.
    const queued = await queueLtiScores(tx, { userId: learner.userId, exerciseId: exercise.id, submissionId: null });
    return { entry: toHistoryEntry(row), queued };
  });
  if (queued > 0) announceScoresQueued(); // committed: this process's deliverer may send it now
  return entry;
}

/** One row of a pair's override history: a grade set, or the grade given back to the automatic one (score null). */
export interface OverrideHistoryEntry {
  id: string;
  score: number | null;
  reason: string;
  setBy: string | null;
  at: string;
}

/** Every override of a learner on an exercise, newest first. */
export async function overrideHistory(db: PrismaClient, userId: string, exerciseId: string): Promise<OverrideHistoryEntry[]> {
  const rows = await db.gradeOverride.findMany({ where: { userId, exerciseId }, orderBy: { createdAt: "desc" }, include: { setBy: { select: { name: true } } } });
  return rows.map(toHistoryEntry);
}

function toHistoryEntry(row: OverrideRow): OverrideHistoryEntry {
  return { id: row.id, score: row.score, reason: row.reason, setBy: row.setBy?.name ?? null, at: row.createdAt.toISOString() };
}
