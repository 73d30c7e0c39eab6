import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCourses } from "../../content/kit/course-loader";
import { cliActor } from "../../server/audit/actors";
import { syncContent } from "../../server/content/sync";
import { createUser, testDb } from "../helpers/db";

const db = testDb();
afterAll(() => db.$disconnect());
const contentRoot = path.resolve(import.meta.dirname, "../../content");

describe("content sync", () => {
  it("mirrors the real course tree with content hashes as versions, and is idempotent", async () => {
    const courses = await loadCourses(contentRoot);
    const first = await syncContent(db, courses);
    expect(first.exercises).toBeGreaterThanOrEqual(1);
    const exercise = await db.exercise.findUniqueOrThrow({ where: { id: "walk-32" } });
    const loaded = courses.flatMap((c) => c.modules.flatMap((m) => m.lessons.flatMap((l) => l.exercises))).find((e) => e.id === "walk-32");
    expect(exercise).toMatchObject({ maxScore: 20, contentHash: loaded?.contentHash });
    expect(await syncContent(db, courses)).toEqual(first);
    expect(await db.exercise.count()).toBe(first.exercises);
  });

  it("keeps an exercise's row, and its learners' submissions, when content changes its version", async () => {
    const courses = await loadCourses(contentRoot);
    await syncContent(db, courses);
    const user = await createUser(db);
    await db.submission.create({ data: { userId: user.id, exerciseId: "walk-32", exerciseVersion: "old", code: "c", maxScore: 20, seed: "s" } });
    const changed = structuredClone(courses);
    const exercise = changed.flatMap((c) => c.modules.flatMap((m) => m.lessons.flatMap((l) => l.exercises))).find((e) => e.id === "walk-32");
    if (!exercise) throw new Error("the demo course has no walk-32");
    exercise.contentHash = "a-new-version";
    await syncContent(db, changed);
    expect((await db.exercise.findUniqueOrThrow({ where: { id: "walk-32" } })).contentHash).toBe("a-new-version");
    expect(await db.submission.count({ where: { userId: user.id, exerciseVersion: "old" } })).toBe(1);
  });

  it("records a sync that changed a course in the audit log, by whom, and writes nothing when nothing changed", async () => {
    const courses = await loadCourses(contentRoot);
    await syncContent(db, courses);
    const course = courses[0];
    if (!course) throw new Error("no course");
    const entries = () => db.auditEntry.findMany({ where: { action: "content.sync", targetId: course.id }, orderBy: { at: "asc" } });
    const before = (await entries()).length;
    await syncContent(db, courses, cliActor("npm run db:seed"));
    expect(await entries()).toHaveLength(before);

    const changed = structuredClone(courses);
    const exercise = changed.flatMap((c) => c.modules.flatMap((m) => m.lessons.flatMap((l) => l.exercises))).find((e) => e.id === "walk-32");
    if (!exercise) throw new Error("the demo course has no walk-32");
    const from = exercise.contentHash;
    exercise.contentHash = "version-for-the-audit-test";
    await syncContent(db, changed, cliActor("npm run regrade"));
    const latest = (await entries()).at(-1);
    expect(latest).toMatchObject({ actorKind: "cli", actorLabel: "npm run regrade", targetType: "course", courseId: course.id });
    expect(JSON.parse(latest?.after ?? "null")).toEqual({ contentHash: course.contentHash, exercisesChanged: { "walk-32": { from, to: "version-for-the-audit-test" } } });
    expect(await entries()).toHaveLength(before + 1);
  });
});
