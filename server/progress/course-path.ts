import "server-only";
import type { CoursePath } from "../../contract/course-path";
import type { PrismaClient } from "../../generated/prisma/client";
import { correctKnowledgeChecks, findCourseOutline, type CourseOutline } from "../courses";
import { finalScores } from "../grades";
import { buildCoursePath } from "./build-path";

/**
 * Records that the learner opened the lesson (`lessonId` is "<course>/<lesson slug>", as LoadedLesson.id and
 * Lesson.id): the first open sets firstVisitedAt for good, every open sets lastVisitedAt. One statement, a native
 * upsert, so two tabs opening the lesson at once give one row and no error. A lesson that content sync has not
 * written to the database yet (edited in development without `npm run db:seed`) has nothing to record against and is
 * not recorded, so the page showing it does not fail. It does not check enrollment: the caller records visits of
 * course members only.
 */
export async function recordLessonVisit(db: PrismaClient, userId: string, lessonId: string): Promise<void> {
  const now = new Date();
  try {
    await db.lessonVisit.upsert({
      where: { userId_lessonId: { userId, lessonId } },
      create: { userId, lessonId, firstVisitedAt: now, lastVisitedAt: now },
      update: { lastVisitedAt: now },
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) return;
    throw error;
  }
}

/**
 * The learner's path through the course, in course order: each lesson with done and visited, each exercise with
 * done (full marks, overrides counted), knowledge checks answered, counts per module and for the course, and where
 * "Continue" leads (the rules: buildCoursePath). Null when there is no such course.
 */
export async function coursePath(db: PrismaClient, userId: string, courseId: string): Promise<CoursePath | null> {
  const outline = await findCourseOutline(db, courseId);
  return outline ? coursePathOf(db, userId, outline) : null;
}

/** coursePath for an outline the caller has already read (the course page reads it for its title). */
export async function coursePathOf(db: PrismaClient, userId: string, outline: CourseOutline): Promise<CoursePath> {
  const lessons = outline.modules.flatMap((module) => module.lessons);
  const exerciseIds = lessons.flatMap((lesson) => lesson.exercises.map((exercise) => exercise.id));
  const [visits, scores, correct] = await Promise.all([
    db.lessonVisit.findMany({
      where: { userId, lessonId: { in: lessons.map((lesson) => lesson.id) } },
      select: { lessonId: true },
    }),
    finalScores(db, userId, exerciseIds),
    correctKnowledgeChecks(db, userId),
  ]);
  return buildCoursePath(outline, {
    visitedLessonIds: new Set(visits.map((visit) => visit.lessonId)),
    finalScores: scores,
    correctKnowledgeCheckIds: correct,
  });
}

/** Prisma's P2003: a foreign key names no row (here: the lesson). Checked by shape, as the driver adapters throw it. */
function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2003";
}
