import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import type { UserActor } from "./audit/actors";
import { auditedTransaction, recordAudit } from "./audit/record";
import { inChunks } from "./db-chunks";
import { RequestError } from "./errors";

/** An instructor's grade in place of the automatic one, with why (shown to the learner). */
export interface OverrideView {
  score: number;
  reason: string;
  setBy: string | null;
  /** ISO-8601. */
  at: string;
}

/** One learner's grade on one exercise, and what it is made of. */
export interface ExerciseGrade {
  /** The best credited score of a graded submission; null when none is graded. */
  automatic: number | null;
  /** Submissions made (every status). */
  attempts: number;
  /** Whether any submission was accepted after the first deadline (late credit, or grace days spent). */
  late: boolean;
  override: OverrideView | null;
  /** What counts: the override when there is one, else the automatic grade. */
  final: number | null;
}

export const gradeKey = (userId: string, exerciseId: string) => `${userId}\u0000${exerciseId}`;

const NO_GRADE: ExerciseGrade = { automatic: null, attempts: 0, late: false, override: null, final: null };

/**
 * The grades of these learners on these exercises, by gradeKey (a pair with no work has no entry: use gradeOf). Four
 * grouped queries per CHUNK learners (SQLite refuses a statement with more than 999 values: a course of 1,000
 * learners in one `in` list failed): best scores, attempts, late submissions, and the overrides.
 */
export async function gradesFor(db: PrismaClient, userIds: readonly string[], exerciseIds: readonly string[]): Promise<Map<string, ExerciseGrade>> {
  const entries = await inChunks(userIds, async (chunk) => [...(await gradesOfChunk(db, chunk, exerciseIds)).entries()]);
  return new Map(entries);
}

async function gradesOfChunk(db: PrismaClient, userIds: readonly string[], exerciseIds: readonly string[]): Promise<Map<string, ExerciseGrade>> {
  const scope = { userId: { in: [...userIds] }, exerciseId: { in: [...exerciseIds] } };
  const [best, attempts, late, overrides] = await Promise.all([
    db.submission.groupBy({ by: ["userId", "exerciseId"], where: { ...scope, status: "graded" }, _max: { score: true } }),
    db.submission.groupBy({ by: ["userId", "exerciseId"], where: scope, _count: { _all: true } }),
    db.submission.groupBy({ by: ["userId", "exerciseId"], where: { ...scope, status: { not: "failed" }, creditReason: { in: ["late", "grace"] } }, _count: { _all: true } }),
    db.gradeOverride.findMany({ where: scope, orderBy: { createdAt: "desc" }, include: { setBy: { select: { name: true } } } }),
  ]);
  const grades = new Map<string, ExerciseGrade>();
  const entry = (userId: string, exerciseId: string): ExerciseGrade => {
    const key = gradeKey(userId, exerciseId);
    let grade = grades.get(key);
    if (!grade) grades.set(key, (grade = { ...NO_GRADE }));
    return grade;
  };
  for (const row of best) entry(row.userId, row.exerciseId).automatic = row._max.score;
  for (const row of attempts) entry(row.userId, row.exerciseId).attempts = row._count._all;
  for (const row of late) entry(row.userId, row.exerciseId).late = row._count._all > 0;
  const decided = new Set<string>();
  for (const row of overrides) {
    const key = gradeKey(row.userId, row.exerciseId);
    if (decided.has(key)) continue; // newest first: only the latest row of a pair counts
    decided.add(key);
    if (row.score !== null) entry(row.userId, row.exerciseId).override = toOverrideView(row, row.score);
  }
  for (const grade of grades.values()) grade.final = grade.override ? grade.override.score : grade.automatic;
  return grades;
}

/** The grade of one pair from gradesFor's map (no work and no override: all empty). */
export function gradeOf(grades: Map<string, ExerciseGrade>, userId: string, exerciseId: string): ExerciseGrade {
  return grades.get(gradeKey(userId, exerciseId)) ?? NO_GRADE;
}

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
  return auditedTransaction(db, async (tx) => {
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
    return toHistoryEntry(row);
  });
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

type OverrideRow = { id: string; score: number | null; reason: string; createdAt: Date; setBy: { name: string } | null };

function toHistoryEntry(row: OverrideRow): OverrideHistoryEntry {
  return { id: row.id, score: row.score, reason: row.reason, setBy: row.setBy?.name ?? null, at: row.createdAt.toISOString() };
}

function toOverrideView(row: OverrideRow, score: number): OverrideView {
  return { score, reason: row.reason, setBy: row.setBy?.name ?? null, at: row.createdAt.toISOString() };
}
