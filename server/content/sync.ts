import { createHash } from "node:crypto";
import type { LoadedCourse } from "../../content/kit/course-schema";
import { knowledgeCheckKey, type KnowledgeCheck } from "../../content/kit/knowledge-check-schema";
import type { PrismaClient } from "../../generated/prisma/client";

/**
 * Mirrors the course tree into the database, where enrollments, submissions and drafts point at it.
 * Upserts only: a lesson or exercise removed from content/ keeps its row so no learner's work is lost
 * (it no longer appears in the tree, which is read from content/); a removed knowledge check is marked
 * retired so progress stops counting it. Returns what it wrote.
 */
export async function syncContent(
  db: PrismaClient,
  courses: LoadedCourse[],
): Promise<{ courses: number; lessons: number; exercises: number; knowledgeChecks: number }> {
  let lessons = 0;
  let exercises = 0;
  let knowledgeChecks = 0;
  for (const [courseIndex, course] of courses.entries()) {
    const courseData = { title: course.title, summary: course.summary, contentHash: course.contentHash, position: courseIndex + 1 };
    await db.course.upsert({ where: { id: course.id }, create: { id: course.id, ...courseData }, update: courseData });
    const checkIds: string[] = [];
    for (const module of course.modules) {
      const moduleData = { courseId: course.id, slug: module.slug, title: module.title, position: module.position };
      await db.module.upsert({ where: { id: module.id }, create: { id: module.id, ...moduleData }, update: moduleData });
      for (const lesson of module.lessons) {
        const lessonData = {
          courseId: course.id,
          moduleId: module.id,
          slug: lesson.slug,
          title: lesson.title,
          summary: lesson.summary,
          position: lesson.position,
          contentHash: lesson.contentHash,
        };
        await db.lesson.upsert({ where: { id: lesson.id }, create: { id: lesson.id, ...lessonData }, update: lessonData });
        lessons++;
        // Questions and versions only: the answer key stays in content/, where the server grades from.
        for (const [index, check] of lesson.knowledgeChecks.entries()) {
          const id = knowledgeCheckKey(lesson.id, check.id);
          const checkData = {
            courseId: course.id,
            lessonId: lesson.id,
            checkId: check.id,
            kind: check.kind,
            question: check.question,
            position: index + 1,
            contentHash: knowledgeCheckVersion(check),
            retiredAt: null,
          };
          await db.knowledgeCheck.upsert({ where: { id }, create: { id, ...checkData }, update: checkData });
          knowledgeChecks++;
          checkIds.push(id);
        }
        for (const exercise of lesson.exercises) {
          const exerciseData = {
            courseId: course.id,
            lessonId: lesson.id,
            title: exercise.title,
            position: exercise.position,
            maxScore: exercise.settings.points,
            contentHash: exercise.contentHash,
          };
          await db.exercise.upsert({ where: { id: exercise.id }, create: { id: exercise.id, ...exerciseData }, update: exerciseData });
          exercises++;
        }
      }
    }
    // A check taken out of its lesson (or renamed) stops counting towards progress; learners' answers stay.
    await db.knowledgeCheck.updateMany({
      where: { courseId: course.id, id: { notIn: checkIds }, retiredAt: null },
      data: { retiredAt: new Date() },
    });
  }
  return { courses: courses.length, lessons, exercises, knowledgeChecks };
}

/** A check's version: sha256 of its authored JSON (answer included), 16 hex chars. */
export function knowledgeCheckVersion(check: KnowledgeCheck): string {
  return createHash("sha256").update(JSON.stringify(check)).digest("hex").slice(0, 16);
}
