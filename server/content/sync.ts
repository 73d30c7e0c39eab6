import { createHash } from "node:crypto";
import type { LoadedCourse } from "../../content/kit/course-schema";
import { knowledgeCheckKey, type KnowledgeCheck } from "../../content/kit/knowledge-check-schema";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import type { AuditActor } from "../audit/actions";
import { isPostgresClient } from "../db-client";
import { auditedTransaction, recordAudit } from "../audit/record";

/** The platform syncing content/ at start-up: the actor of a sync nobody ran by hand. */
const PLATFORM: AuditActor = { kind: "platform" };

/**
 * Mirrors the course tree into the database, where enrollments, submissions and drafts point at it.
 * Upserts only: a lesson or exercise removed from content/ keeps its row so no learner's work is lost
 * (it no longer appears in the tree, which is read from content/); a removed knowledge check is marked
 * retired so progress stops counting it. Returns what it wrote. Each course is written in one transaction, and a
 * course whose content changed (a new version hash) gets an audit entry in it: which exercises changed, from which
 * version to which. An unchanged course writes no entry (every process syncs at start-up).
 */
export async function syncContent(
  db: PrismaClient,
  courses: LoadedCourse[],
  actor: AuditActor = PLATFORM,
): Promise<{ courses: number; lessons: number; exercises: number; knowledgeChecks: number }> {
  let lessons = 0;
  let exercises = 0;
  let knowledgeChecks = 0;
  for (const [courseIndex, course] of courses.entries()) {
    const counts = await auditedTransaction(
      db,
      async (tx) => {
        // Processes starting together (a scale-out) sync the same course at once: they take turns, so the later one
        // reads what the earlier committed and records no second entry. On SQLite the write lock does the same.
        if (isPostgresClient(db)) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`content-sync:${course.id}`}))`;
        return syncCourse(tx, course, courseIndex + 1, actor);
      },
      { timeout: 60_000 },
    );
    lessons += counts.lessons;
    exercises += counts.exercises;
    knowledgeChecks += counts.knowledgeChecks;
  }
  return { courses: courses.length, lessons, exercises, knowledgeChecks };
}

async function syncCourse(tx: Prisma.TransactionClient, course: LoadedCourse, position: number, actor: AuditActor) {
  let lessons = 0;
  let exercises = 0;
  let knowledgeChecks = 0;
  const previous = await tx.course.findUnique({ where: { id: course.id }, select: { contentHash: true } });
  const previousExercises = new Map(
    (await tx.exercise.findMany({ where: { courseId: course.id }, select: { id: true, contentHash: true } })).map((e) => [e.id, e.contentHash]),
  );
  await upsertById(tx.course, course.id, {
    title: course.title,
    summary: course.summary,
    contentHash: course.contentHash,
    position,
  });
  const checkIds: string[] = [];
  const changedExercises: Record<string, { from: string | null; to: string }> = {};
  for (const module of course.modules) {
    await upsertById(tx.module, module.id, {
      courseId: course.id,
      slug: module.slug,
      title: module.title,
      position: module.position,
    });
    for (const lesson of module.lessons) {
      await upsertById(tx.lesson, lesson.id, {
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
        await upsertById(tx.knowledgeCheck, id, {
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
        await upsertById(tx.exercise, exercise.id, {
          courseId: course.id,
          lessonId: lesson.id,
          title: exercise.title,
          position: exercise.position,
          maxScore: exercise.settings.points,
          contentHash: exercise.contentHash,
        });
        exercises++;
        const from = previousExercises.get(exercise.id) ?? null;
        if (from !== exercise.contentHash) changedExercises[exercise.id] = { from, to: exercise.contentHash };
      }
    }
  }
  // A check taken out of its lesson (or renamed) stops counting towards progress; learners' answers stay.
  await tx.knowledgeCheck.updateMany({
    where: { courseId: course.id, id: { notIn: checkIds }, retiredAt: null },
    data: { retiredAt: new Date() },
  });
  if (previous?.contentHash !== course.contentHash || Object.keys(changedExercises).length > 0) {
    await recordAudit(tx, actor, {
      action: "content.sync",
      targetType: "course",
      targetId: course.id,
      courseId: course.id,
      ...(previous ? { before: { contentHash: previous.contentHash } } : {}),
      after: { contentHash: course.contentHash, exercisesChanged: changedExercises },
    });
  }
  return { lessons, exercises, knowledgeChecks };
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
