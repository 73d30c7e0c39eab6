import type { PrismaClient } from "../generated/prisma/client";
import { inChunks } from "./db-chunks";

// The grade rule: what a learner's grade on an exercise is. Apart from server/grades.ts (which re-exports it) so the
// LMS score queue (server/lti/ags/queue-score.ts) can use it without an import cycle through setOverride, which
// queues scores. No "server-only": grader hosts (npm run grader:worker, run by tsx outside Next's server bundles)
// store results, which queues their scores, and that marker throws there.

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

/** What computing grades reads: a client, or a transaction's (queueing an LMS score reads the grade it changes). */
export type GradeReader = Pick<PrismaClient, "submission" | "gradeOverride">;

export const gradeKey = (userId: string, exerciseId: string) => `${userId}\u0000${exerciseId}`;

const NO_GRADE: ExerciseGrade = { automatic: null, attempts: 0, late: false, override: null, final: null };

/**
 * The grades of these learners on these exercises, by gradeKey (a pair with no work has no entry: use gradeOf). Four
 * grouped queries per CHUNK learners (SQLite refuses a statement with more than 999 values: a course of 1,000
 * learners in one `in` list failed): best scores, attempts, late submissions, and the overrides.
 */
export async function gradesFor(db: GradeReader, userIds: readonly string[], exerciseIds: readonly string[]): Promise<Map<string, ExerciseGrade>> {
  const entries = await inChunks(userIds, async (chunk) => [...(await gradesOfChunk(db, chunk, exerciseIds)).entries()]);
  return new Map(entries);
}

async function gradesOfChunk(db: GradeReader, userIds: readonly string[], exerciseIds: readonly string[]): Promise<Map<string, ExerciseGrade>> {
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

export type OverrideRow = { id: string; score: number | null; reason: string; createdAt: Date; setBy: { name: string } | null };

function toOverrideView(row: OverrideRow, score: number): OverrideView {
  return { score, reason: row.reason, setBy: row.setBy?.name ?? null, at: row.createdAt.toISOString() };
}
