import { afterAll, describe, expect, it } from "vitest";
import { bestScores, enroll, findCourseRole, listCatalog } from "../../server/courses";
import { findDraft, saveDraft } from "../../server/drafts";
import { RequestError } from "../../server/errors";
import { createSubmission, listOwnSubmissions, requireOwnSubmission } from "../../server/submissions";
import { createCourseFixture, createUser, testDb } from "../helpers/db";

const db = testDb();
afterAll(() => db.$disconnect());

async function refusal(work: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return { status: error.status, code: error.code };
}

describe("submissions", () => {
  it("accepts an enrolled learner's code as queued, with the exercise version and the learner's own seed", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const user = await createUser(db);
    await enroll(db, user.id, courseId);
    const submission = await createSubmission(db, user, { exerciseId, code: "export function translate() {}" });
    expect(submission).toMatchObject({ status: "queued", exerciseVersion: "e1", maxScore: 20, userId: user.id });
    const again = await createSubmission(db, user, { exerciseId, code: "x" });
    expect(again.seed).toBe(submission.seed);
    const other = await createUser(db);
    await enroll(db, other.id, courseId);
    expect((await createSubmission(db, other, { exerciseId, code: "x" })).seed).not.toBe(submission.seed);
  });

  it("refuses the unknown, the unenrolled and the oversized, with their own status codes", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const user = await createUser(db);
    expect(await refusal(createSubmission(db, user, { exerciseId: "no-such-exercise", code: "x" }))).toEqual({ status: 404, code: "exercise_not_found" });
    expect(await refusal(createSubmission(db, user, { exerciseId, code: "x" }))).toEqual({ status: 403, code: "not_enrolled" });
    await enroll(db, user.id, courseId);
    expect(await refusal(createSubmission(db, user, { exerciseId, code: "x".repeat(65_537) }))).toEqual({ status: 413, code: "code_too_large" });
    expect(await db.submission.count({ where: { userId: user.id } })).toBe(0);
  });

  it("shows learners only their own submissions", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const owner = await createUser(db);
    const stranger = await createUser(db);
    await enroll(db, owner.id, courseId);
    const submission = await createSubmission(db, owner, { exerciseId, code: "mine" });
    expect((await requireOwnSubmission(db, owner.id, submission.id)).code).toBe("mine");
    expect(await refusal(requireOwnSubmission(db, stranger.id, submission.id))).toEqual({ status: 404, code: "submission_not_found" });
    expect(await listOwnSubmissions(db, stranger.id, exerciseId)).toEqual([]);
  });

  it("lets admins act as instructors everywhere, and counts the best graded score as progress", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const admin = await createUser(db, "admin");
    expect(await findCourseRole(db, admin, courseId)).toBe("instructor");
    const learner = await createUser(db);
    await enroll(db, learner.id, courseId);
    for (const score of [5, 17, 9]) {
      const submission = await createSubmission(db, learner, { exerciseId, code: String(score) });
      await db.submission.update({ where: { id: submission.id }, data: { status: "graded", score } });
    }
    expect((await bestScores(db, learner.id)).get(exerciseId)).toBe(17);
    const course = (await listCatalog(db, learner.id)).find((c) => c.id === courseId);
    expect(course).toMatchObject({ enrolledAs: "learner", earned: 17, possible: 20 });
  });
});

describe("drafts", () => {
  it("keeps the last saved code per learner and exercise, and only for enrolled learners", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const user = await createUser(db);
    expect(await refusal(saveDraft(db, user, exerciseId, "x"))).toEqual({ status: 403, code: "not_enrolled" });
    await enroll(db, user.id, courseId);
    await saveDraft(db, user, exerciseId, "first");
    await saveDraft(db, user, exerciseId, "second");
    expect(await findDraft(db, user.id, exerciseId)).toBe("second");
    expect(await findDraft(db, (await createUser(db)).id, exerciseId)).toBeNull();
  });
});
