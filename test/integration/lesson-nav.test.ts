import { afterAll, describe, expect, it } from "vitest";
import { findNeighbourLessons } from "../../server/lesson-nav";
import { testDb } from "../helpers/db";

const db = testDb();
afterAll(() => db.$disconnect());

describe("lesson navigation", () => {
  it("orders lessons by module, then by lesson, and stops at both ends", async () => {
    const courseId = "nav-course";
    await db.course.create({ data: { id: courseId, title: "Nav", summary: "s", contentHash: "h", position: 1 } });
    // Created out of order on purpose: positions, not insertion order, decide.
    for (const [slug, position] of [["m2", 2], ["m1", 1]] as const) {
      await db.module.create({ data: { id: `${courseId}/${slug}`, courseId, slug, title: `Module ${slug}`, position } });
    }
    const lessons = [
      ["b", "m2", 1],
      ["a2", "m1", 2],
      ["a1", "m1", 1],
    ] as const;
    for (const [slug, module, position] of lessons) {
      await db.lesson.create({
        data: { id: `${courseId}/${slug}`, courseId, moduleId: `${courseId}/${module}`, slug, title: `Lesson ${slug}`, summary: "s", position, contentHash: "h" },
      });
    }
    expect(await findNeighbourLessons(db, courseId, "a1")).toEqual({ previous: null, next: { slug: "a2", title: "Lesson a2", moduleTitle: "Module m1" } });
    expect(await findNeighbourLessons(db, courseId, "a2")).toMatchObject({ previous: { slug: "a1" }, next: { slug: "b", moduleTitle: "Module m2" } });
    expect(await findNeighbourLessons(db, courseId, "b")).toMatchObject({ previous: { slug: "a2" }, next: null });
    expect(await findNeighbourLessons(db, courseId, "missing")).toEqual({ previous: null, next: null });
  });
});
