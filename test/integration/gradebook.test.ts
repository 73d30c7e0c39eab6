import { afterAll, describe, expect, it } from "vitest";
import { enroll } from "../../server/courses";
import { buildGradebook } from "../../server/gradebook";
import { createCourseFixture, createUser, testDb } from "../helpers/db";

const db = testDb();
afterAll(() => db.$disconnect());

describe("the gradebook", () => {
  it("lists every learner with best scores and attempts, and summarises each exercise", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db, "gradebook-exercise", 20);
    const ada = await createUser(db);
    const bob = await createUser(db);
    const idle = await createUser(db);
    const instructor = await createUser(db, "instructor");
    for (const user of [ada, bob, idle]) await enroll(db, user.id, courseId);
    await db.enrollment.create({ data: { userId: instructor.id, courseId, role: "instructor" } });
    const submit = (userId: string, status: string, score: number | null) =>
      db.submission.create({ data: { userId, exerciseId, exerciseVersion: "e1", code: "c", maxScore: 20, seed: "s", status, score } });
    await submit(ada.id, "graded", 12);
    await submit(ada.id, "graded", 20);
    await submit(bob.id, "graded", 7);
    await submit(bob.id, "failed", null);

    const { rows, exercises } = await buildGradebook(db, courseId);
    expect(rows).toHaveLength(3); // learners only, not the instructor
    const byId = new Map(rows.map((row) => [row.userId, row]));
    expect(byId.get(ada.id)?.cells[exerciseId]).toEqual({ best: 20, attempts: 2 });
    expect(byId.get(bob.id)?.cells[exerciseId]).toEqual({ best: 7, attempts: 2 });
    expect(byId.get(idle.id)?.cells[exerciseId]).toEqual({ best: null, attempts: 0 });
    expect(exercises[0]).toMatchObject({ id: exerciseId, attempted: 2, fullMarks: 1, meanBest: 13.5 });
    expect(exercises[0]?.histogram).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
  });
});
