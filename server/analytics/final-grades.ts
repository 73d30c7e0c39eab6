import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";
import { gradeOf, gradesFor, type ExerciseGrade } from "../grades";

// The gradebook's final grade (server/grades.ts) is the latest override, else the automatic grade: the best credited
// score of a graded submission. gradesFor reads four grouped queries over every (learner, exercise) pair, late work
// included, which the analytics do not need: for a 1,000-learner course that is most of the page's time. So the
// analytics read the automatic grade with the one query each figure needs, and ask gradesFor, the one home of the
// override rule, only about the few learners an instructor has overridden.

/** The learners of `learnerIds` with an override on one of these exercises, and their grades as gradesFor gives them. */
export interface Overridden {
  learners: Set<string>;
  grades: Map<string, ExerciseGrade>;
}

export async function overriddenGrades(
  db: PrismaClient,
  courseId: string,
  learnerIds: readonly string[],
  exerciseIds: readonly string[],
): Promise<Overridden> {
  const rows = await db.gradeOverride.findMany({
    where: { courseId, exerciseId: { in: [...exerciseIds] } },
    select: { userId: true },
    distinct: ["userId"],
  });
  const isLearner = new Set(learnerIds);
  const learners = new Set(rows.map((row) => row.userId).filter((id) => isLearner.has(id)));
  return { learners, grades: await gradesFor(db, [...learners], exerciseIds) };
}

/**
 * A learner's final grade on the exercise: gradesFor's for an overridden learner, else `automatic` (the best credited
 * score of their graded submissions, null without one).
 */
export function finalGrade(
  overridden: Overridden,
  userId: string,
  exerciseId: string,
  automatic: number | null,
): number | null {
  return overridden.learners.has(userId) ? gradeOf(overridden.grades, userId, exerciseId).final : automatic;
}
