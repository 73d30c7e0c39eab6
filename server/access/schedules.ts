import "server-only";
import type { ScheduleView } from "../../contract/access";
import { graceBudgetFor, graceDaysLeft } from "../../content/kit/access";
import type { PrismaClient } from "../../generated/prisma/client";
import type { CourseRole } from "../courses";
import { graceDaysSpent } from "./learner-terms";
import { courseAccessRules, courseGraceDays } from "./rules";

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
  const graceBudget = await courseGraceDays(courseId);
  const isLearner = role === "learner";
  const extensions = isLearner && anyWindows ? await db.extension.findMany({ where: { userId, courseId }, select: { exerciseId: true, until: true, credit: true } }) : [];
  const spent = isLearner && anyWindows && graceBudget > 0 ? await graceDaysSpent(db, userId, courseId) : new Map<string, number>();
  const hasGrace = isLearner && graceBudget > 0;
  const byExercise = new Map<string, ScheduleView>();
  for (const [exerciseId, rule] of rules) {
    const extension = extensions.find((e) => e.exerciseId === exerciseId);
    byExercise.set(exerciseId, {
      windows: rule.windows,
      extension: extension ? { until: extension.until.toISOString(), credit: extension.credit } : null,
      grace: hasGrace ? graceBudgetFor(graceBudget, spent, exerciseId) : null,
      exempt: !isLearner,
    });
  }
  return { byExercise, grace: hasGrace ? { budget: graceBudget, left: graceDaysLeft(graceBudget, spent.values()) } : null };
}
