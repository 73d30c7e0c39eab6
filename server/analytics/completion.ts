import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";
import { finalGrade, overriddenGrades } from "./final-grades";
import { inChunks } from "../db-chunks";

export interface CourseCompletion {
  /** Per exercise id, the learners who made at least one submission (any status). */
  startedBy: Map<string, Set<string>>;
  /** Per exercise id, the learners whose final grade reaches its maxScore. */
  completedBy: Map<string, Set<string>>;
}

/**
 * Who started and who completed each exercise. Completed: the final grade (override applied, late credit counted)
 * reaches the exercise's maxScore, as the course path's "done" (docs/decisions/0150). Without an override the final
 * grade is the best credited score of a graded submission, which reaches maxScore exactly when one graded submission
 * does: one grouped query returns those (learner, exercise) pairs alone. Overridden learners get gradesFor's grade.
 */
export async function courseCompletion(
  db: PrismaClient,
  courseId: string,
  learnerIds: readonly string[],
  exercises: readonly { id: string; maxScore: number }[],
): Promise<CourseCompletion> {
  const exerciseIds = exercises.map((e) => e.id);
  const [started, reached, overridden] = await Promise.all([
    // (userId, exerciseId) pairs: from the submissions' index alone.
    inChunks(learnerIds, (chunk) =>
      db.submission.groupBy({
        by: ["userId", "exerciseId"],
        where: { userId: { in: chunk }, exerciseId: { in: exerciseIds } },
      }),
    ),
    inChunks(learnerIds, (chunk) =>
      db.submission.groupBy({
        by: ["userId", "exerciseId"],
        where: {
          userId: { in: chunk },
          status: "graded",
          OR: exercises.map((e) => ({ exerciseId: e.id, score: { gte: e.maxScore } })),
        },
      }),
    ),
    overriddenGrades(db, courseId, learnerIds, exerciseIds),
  ]);
  const startedBy = new Map(exerciseIds.map((id) => [id, new Set<string>()]));
  for (const row of started) startedBy.get(row.exerciseId)?.add(row.userId);
  const completedBy = new Map(exerciseIds.map((id) => [id, new Set<string>()]));
  for (const row of reached) if (!overridden.learners.has(row.userId)) completedBy.get(row.exerciseId)?.add(row.userId);
  for (const userId of overridden.learners) {
    for (const exercise of exercises) {
      const final = finalGrade(overridden, userId, exercise.id, null);
      if (final !== null && final >= exercise.maxScore) completedBy.get(exercise.id)?.add(userId);
    }
  }
  return { startedBy, completedBy };
}
