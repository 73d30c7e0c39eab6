import { afterAll, describe, expect, it } from "vitest";
import { waitingBefore } from "../../server/grading/waiting-before";
import { createCourseFixture, createUser, testDb } from "../helpers/db";

const db = testDb();
afterAll(() => db.$disconnect());

describe("waitingBefore: the queue's wait in words", () => {
  it("counts anyone's queued submissions accepted earlier, not graded or running ones, and says nothing once it runs", async () => {
    const { exerciseId } = await createCourseFixture(db, `wait-${crypto.randomUUID().slice(0, 8)}`);
    const ada = await createUser(db);
    const bob = await createUser(db);
    // Far in the future, so submissions other tests of this worker left queued all come before these.
    const at = (seconds: number) => new Date(Date.UTC(2100, 0, 1, 0, 0, seconds));
    const submit = (userId: string, status: string, seconds: number) =>
      db.submission.create({ data: { userId, exerciseId, exerciseVersion: "e1", code: "c", maxScore: 20, seed: "s", status, createdAt: at(seconds) } });
    const first = await submit(ada.id, "queued", 1);
    await submit(bob.id, "graded", 2);
    await submit(bob.id, "running", 3);
    await submit(bob.id, "queued", 4);
    const last = await submit(ada.id, "queued", 5);

    const before = await waitingBefore(db, first);
    expect(before).toBeTypeOf("number");
    // Between the two of Ada's: Bob's queued one and Ada's own first.
    expect((await waitingBefore(db, last))! - before!).toBe(2);
    const running = await db.submission.update({ where: { id: first.id }, data: { status: "running" } });
    expect(await waitingBefore(db, running)).toBeUndefined();
    expect((await waitingBefore(db, last))! - before!).toBe(1);
  });
});
