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
    await upsertById(db.course, course.id, {
      title: course.title,
      summary: course.summary,
      contentHash: course.contentHash,
      position: courseIndex + 1,
    });
    const checkIds: string[] = [];
    for (const module of course.modules) {
      await upsertById(db.module, module.id, {
        courseId: course.id,
        slug: module.slug,
        title: module.title,
        position: module.position,
      });
      for (const lesson of module.lessons) {
        await upsertById(db.lesson, lesson.id, {
          courseId: course.id,
          moduleId: module.id,
          slug: lesson.slug,
          title: lesson.title,
          summary: lesson.summary,
          position: lesson.position,
          contentHash: lesson.contentHash,
        });
        lessons++;
        // Questions and versions only: the answer key stays in content/, where the server grades from.
        for (const [index, check] of lesson.knowledgeChecks.entries()) {
          const id = knowledgeCheckKey(lesson.id, check.id);
          await upsertById(db.knowledgeCheck, id, {
            courseId: course.id,
            lessonId: lesson.id,
            checkId: check.id,
            kind: check.kind,
            question: check.question,
            position: index + 1,
            contentHash: knowledgeCheckVersion(check),
            retiredAt: null,
          });
          knowledgeChecks++;
          checkIds.push(id);
        }
        for (const exercise of lesson.exercises) {
          await upsertById(db.exercise, exercise.id, {
            courseId: course.id,
            lessonId: lesson.id,
            title: exercise.title,
            position: exercise.position,
            maxScore: exercise.settings.points,
            contentHash: exercise.contentHash,
          });
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

// The part of a Prisma table the sync uses; passing db.lesson checks `Data` against the lesson table's columns.
interface SyncedTable<Data> {
  upsert(args: { where: { id: string }; create: Data & { id: string }; update: Data }): PromiseLike<unknown>;
}

/** Writes a row whole, every sync: created under its content-derived id when it is new, else set to the same data. */
function upsertById<Data extends object>(table: SyncedTable<NoInfer<Data>>, id: string, data: Data) {
  return table.upsert({ where: { id }, create: { id, ...data }, update: data });
}

/** A check's version: sha256 of its authored JSON (answer included), 16 hex chars. */
export function knowledgeCheckVersion(check: KnowledgeCheck): string {
  return createHash("sha256").update(JSON.stringify(check)).digest("hex").slice(0, 16);
}
