import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";
import { activeLearnersPerDay } from "./active-learners";
import { share } from "./distribution";
import { courseCompletion } from "./completion";
import { knowledgeCheckStats } from "./knowledge-check-stats";
import type {
  CourseAnalytics,
  ExerciseCompletion,
  KnowledgeCheckFirstTry,
  ModuleCompletion,
} from "../../contract/analytics";

/**
 * Issue 15's course analytics (definitions in contract/analytics.ts): completion per exercise and per module by final grade,
 * knowledge checks right at the first try, and learners active per day over the last 30 days up to `now`. A fixed
 * number of grouped queries per 400 learners (server/db-chunks.ts), and counting in the database where a figure
 * would otherwise bring 100,000 rows over; an unknown course has no modules, exercises or learners.
 */
export async function buildCourseAnalytics(
  db: PrismaClient,
  courseId: string,
  now: Date = new Date(),
): Promise<CourseAnalytics> {
  const [modules, exercises, enrolled] = await Promise.all([
    db.module.findMany({ where: { courseId }, orderBy: { position: "asc" }, select: { id: true, title: true } }),
    db.exercise.findMany({
      where: { courseId },
      orderBy: [{ lesson: { module: { position: "asc" } } }, { lesson: { position: "asc" } }, { position: "asc" }],
      select: { id: true, title: true, maxScore: true, lesson: { select: { moduleId: true } } },
    }),
    db.enrollment.findMany({ where: { courseId, role: "learner" }, select: { userId: true } }),
  ]);
  const learnerIds = enrolled.map((e) => e.userId);
  const [completion, checkStats, activity] = await Promise.all([
    courseCompletion(db, courseId, learnerIds, exercises),
    knowledgeCheckStats(db, courseId, learnerIds, null),
    activeLearnersPerDay(db, courseId, now),
  ]);

  const exerciseRows = exercises.map((exercise): ExerciseCompletion => {
    const completed = completion.completedBy.get(exercise.id)?.size ?? 0;
    return {
      id: exercise.id,
      title: exercise.title,
      moduleId: exercise.lesson.moduleId,
      maxScore: exercise.maxScore,
      started: completion.startedBy.get(exercise.id)?.size ?? 0,
      completed,
      completedShare: share(completed, learnerIds.length),
    };
  });
  const moduleRows = modules.map((module): ModuleCompletion => {
    const mine = exercises
      .filter((e) => e.lesson.moduleId === module.id)
      .map((e) => completion.completedBy.get(e.id) ?? new Set<string>());
    if (mine.length === 0)
      return { id: module.id, title: module.title, exercises: 0, completed: null, completedShare: null };
    const completed = learnerIds.filter((userId) => mine.every((done) => done.has(userId))).length;
    return {
      id: module.id,
      title: module.title,
      exercises: mine.length,
      completed,
      completedShare: share(completed, learnerIds.length),
    };
  });

  const knowledgeChecks = checkStats.map((check): KnowledgeCheckFirstTry => ({
    ...check,
    firstTryShare: share(check.firstTry, check.answered),
  }));
  const answered = checkStats.reduce((sum, check) => sum + check.answered, 0);
  const firstTry = checkStats.reduce((sum, check) => sum + check.firstTry, 0);
  return {
    courseId,
    generatedAt: now.toISOString(),
    learners: learnerIds.length,
    modules: moduleRows,
    exercises: exerciseRows,
    knowledgeChecks,
    knowledgeCheckTotals: { answered, firstTry, firstTryShare: share(firstTry, answered) },
    activity,
  };
}
