import { afterAll, describe, expect, it } from "vitest";
import { enroll, findCourseRole, listCatalog } from "../../server/courses";
import { finalScores } from "../../server/grades";
import { findDraft, saveDraft } from "../../server/drafts";
import { RequestError } from "../../server/errors";
import { InProcessQueue } from "../../server/grading/in-process-queue";
import { enrolledInExercise, ownerOf, type ExerciseRow } from "../../server/route/access";
import type { CurrentUser } from "../../server/session";
import { createSubmission, findSubmissionRow, listOwnSubmissions } from "../../server/submissions";
import { createCourseFixture, createUser, testDb } from "../helpers/db";

const db = testDb();
afterAll(() => db.$disconnect());

// No consumer: what is accepted stays queued, as it would until a grader takes it.
const queue = new InProcessQueue(db);
const accept = (user: { id: string }, exercise: ExerciseRow, request: { exerciseId: string; code: string }) =>
  createSubmission(db, queue, user, exercise, request, 0, { courseRole: "learner" });

async function refusal(work: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return { status: error.status, code: error.code };
}

/** The exercise row the route's access rule hands to createSubmission. */
async function exerciseRow(exerciseId: string): Promise<ExerciseRow> {
  return db.exercise.findUniqueOrThrow({ where: { id: exerciseId }, select: { id: true, courseId: true, contentHash: true, maxScore: true } });
}

const asCurrentUser = (user: { id: string; role: string }): CurrentUser => ({
  id: user.id,
  role: user.role === "admin" ? "admin" : user.role === "instructor" ? "instructor" : "learner",
  name: "Test",
  email: `${user.id}@test.local`,
});

describe("submissions", () => {
  it("accepts an enrolled learner's code as queued, with the exercise version and the learner's own seed", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const user = await createUser(db);
    await enroll(db, user.id, courseId);
    const exercise = await exerciseRow(exerciseId);
    const submission = await accept(user, exercise, { exerciseId, code: "export function translate() {}" });
    expect(submission).toMatchObject({ status: "queued", exerciseVersion: "e1", maxScore: 20, userId: user.id });
    const again = await accept(user, exercise, { exerciseId, code: "x" });
    expect(again.seed).toBe(submission.seed);
    const other = await createUser(db);
    await enroll(db, other.id, courseId);
    expect((await accept(other, exercise, { exerciseId, code: "x" })).seed).not.toBe(submission.seed);
  });

  it("lets in (by the route's access rule) only the enrolled, with 404 for unknown and prototype-key ids", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const user = asCurrentUser(await createUser(db));
    const rule = enrolledInExercise((input: { exerciseId: string }) => input.exerciseId);
    for (const id of ["no-such-exercise", "constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(await refusal(rule.authorize(user, { exerciseId: id }, db))).toEqual({ status: 404, code: "exercise_not_found" });
    }
    expect(await refusal(rule.authorize(user, { exerciseId }, db))).toEqual({ status: 403, code: "not_enrolled" });
    expect(await refusal(rule.authorize(null, { exerciseId }, db))).toEqual({ status: 401, code: "not_signed_in" });
    await enroll(db, user.id, courseId);
    expect((await rule.authorize(user, { exerciseId }, db)).exercise).toMatchObject({ id: exerciseId, courseId });
  });

  it("refuses oversized code with 413 and stores nothing", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const user = await createUser(db);
    await enroll(db, user.id, courseId);
    const exercise = await exerciseRow(exerciseId);
    expect(await refusal(accept(user, exercise, { exerciseId, code: "x".repeat(65_537) }))).toEqual({ status: 413, code: "code_too_large" });
    expect(await db.submission.count({ where: { userId: user.id } })).toBe(0);
  });

  it("shows learners only their own submissions", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const owner = await createUser(db);
    const stranger = await createUser(db);
    await enroll(db, owner.id, courseId);
    const submission = await accept(owner, await exerciseRow(exerciseId), { exerciseId, code: "mine" });
    const rule = ownerOf("submission", (input: { id: string }, client) => findSubmissionRow(client, input.id));
    expect((await rule.authorize(asCurrentUser(owner), { id: submission.id }, db)).record.code).toBe("mine");
    // Someone else's submission and a missing one answer alike, so ids cannot be probed.
    expect(await refusal(rule.authorize(asCurrentUser(stranger), { id: submission.id }, db))).toEqual({ status: 404, code: "not_found" });
    expect(await refusal(rule.authorize(asCurrentUser(stranger), { id: "no-such-id" }, db))).toEqual({ status: 404, code: "not_found" });
    expect(await listOwnSubmissions(db, stranger.id, exerciseId)).toEqual([]);
  });

  it("lets admins act as instructors everywhere, and counts the best graded score as progress", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const admin = await createUser(db, "admin");
    expect(await findCourseRole(db, admin, courseId)).toBe("instructor");
    const learner = await createUser(db);
    await enroll(db, learner.id, courseId);
    for (const score of [5, 17, 9]) {
      const submission = await accept(learner, await exerciseRow(exerciseId), { exerciseId, code: String(score) });
      await db.submission.update({ where: { id: submission.id }, data: { status: "graded", score } });
    }
    expect((await finalScores(db, learner.id, [exerciseId])).get(exerciseId)).toBe(17);
    const course = (await listCatalog(db, learner.id)).find((c) => c.id === courseId);
    expect(course).toMatchObject({ enrolledAs: "learner", earned: 17, possible: 20 });
  });
});

describe("drafts", () => {
  it("keeps the last saved code per learner and exercise, within the exercise's size limit", async () => {
    const { courseId, exerciseId } = await createCourseFixture(db);
    const user = await createUser(db);
    await enroll(db, user.id, courseId);
    expect(await refusal(saveDraft(db, user, exerciseId, "x".repeat(65_537)))).toEqual({ status: 413, code: "code_too_large" });
    await saveDraft(db, user, exerciseId, "first");
    await saveDraft(db, user, exerciseId, "second");
    expect(await findDraft(db, user.id, exerciseId)).toBe("second");
    expect(await findDraft(db, (await createUser(db)).id, exerciseId)).toBeNull();
  });
});
