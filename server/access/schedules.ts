import "server-only";
import type { ScheduleView } from "../../contract/access";
import type { PrismaClient } from "../../generated/prisma/client";
import type { CourseRole } from "../courses";
import { graceDaysSpent } from "./learner-terms";
import { courseAccessRules } from "./rules";

export interface CourseSchedules {
  /** By exercise id; an exercise content/ no longer has is left out (always open, as when submitting). */
  byExercise: Map<string, ScheduleView>;
  /** The course's grace-day budget and what the learner has left of it (null when the course has none). */
  grace: { budget: number; left: number } | null;
}

/**
 * Every exercise's schedule in the course for one member, in two queries at most (their extensions, their grace
 * days spent): what the course outline and a lesson's exercise panels show and count down.
 */
export async function courseSchedules(db: PrismaClient, userId: string, courseId: string, role: CourseRole): Promise<CourseSchedules> {
  const rules = await courseAccessRules(courseId);
  const anyWindows = [...rules.values()].some((rule) => rule.windows !== null);
  const graceBudget = [...rules.values()][0]?.graceDays ?? 0;
  const isLearner = role === "learner";
  const extensions = isLearner && anyWindows ? await db.extension.findMany({ where: { userId, courseId }, select: { exerciseId: true, until: true, credit: true } }) : [];
  const spent = isLearner && anyWindows && graceBudget > 0 ? await graceDaysSpent(db, userId, courseId) : new Map<string, number>();
  let spentTotal = 0;
  for (const days of spent.values()) spentTotal += days;
  const byExercise = new Map<string, ScheduleView>();
  for (const [exerciseId, rule] of rules) {
    const extension = extensions.find((e) => e.exerciseId === exerciseId);
    const spentHere = spent.get(exerciseId) ?? 0;
    byExercise.set(exerciseId, {
      windows: rule.windows,
      extension: extension ? { until: extension.until.toISOString(), credit: extension.credit } : null,
      grace: isLearner && graceBudget > 0 ? { budget: graceBudget, spentElsewhere: spentTotal - spentHere, spentHere } : null,
      exempt: !isLearner,
    });
  }
  return { byExercise, grace: isLearner && graceBudget > 0 ? { budget: graceBudget, left: Math.max(0, graceBudget - spentTotal) } : null };
}
