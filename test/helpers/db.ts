import { randomUUID } from "node:crypto";
import { createPrismaClient } from "../../server/db-client";
import type { PrismaClient } from "../../generated/prisma/client";

/** A client on this test file's own migrated SQLite database (test/setup/per-worker-database.ts). */
export function testDb(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url?.includes("data/test/")) throw new Error("integration tests must run with the per-worker database setup");
  return createPrismaClient(url);
}

/** A course with one lesson and exercise, as content sync would write it. */
export async function createCourseFixture(db: PrismaClient, exerciseId = "walk-32", maxScore = 20) {
  const courseId = `course-${randomUUID().slice(0, 8)}`;
  await db.course.create({ data: { id: courseId, title: "Test course", summary: "s", contentHash: "c1", position: 1 } });
  await db.module.create({ data: { id: `${courseId}/m`, courseId, slug: "m", title: "M", position: 1 } });
  await db.lesson.create({
    data: { id: `${courseId}/l`, courseId, moduleId: `${courseId}/m`, slug: "l", title: "L", summary: "s", position: 1, contentHash: "l1" },
  });
  await db.exercise.upsert({
    where: { id: exerciseId },
    create: { id: exerciseId, courseId, lessonId: `${courseId}/l`, title: "E", position: 1, maxScore, contentHash: "e1" },
    update: { courseId, lessonId: `${courseId}/l`, maxScore },
  });
  return { courseId, exerciseId };
}

export async function createUser(db: PrismaClient, role = "learner") {
  const id = randomUUID();
  await db.user.create({ data: { id, name: "Test", email: `${id}@test.local`, role } });
  return { id, role };
}

/** A user made by createUser acting through a route: their id, their email, and a documentation address. */
export function actorOf(user: { id: string }, address = "203.0.113.7") {
  return { kind: "user" as const, userId: user.id, email: `${user.id}@test.local`, address };
}
