import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessWindows } from "../../contract/access";
import type { PrismaClient } from "../../generated/prisma/client";
import { submissionTerms } from "../../server/access/learner-terms";
import type { AccessRules } from "../../server/access/rules";
import { enroll } from "../../server/courses";
import { RequestError } from "../../server/errors";
import { grantExtension, listExtensions, revokeExtension } from "../../server/extensions";
import { openQueue } from "../../server/grading/grading-node";
import type { GradingQueue } from "../../server/grading/queue";
import { SubmissionGrader } from "../../server/grading/submission-grader";
import { toSubmissionView } from "../../server/submissions";
import { actorOf, createCourseFixture, createUser } from "../helpers/db";
import { engineUnavailable, ENGINES, openEngineDatabase, type EngineDatabase } from "../helpers/engines";
import { resultFor, scriptedGrader } from "../helpers/scripted-grader";

/**
 * Access windows, extensions and grace days as the queue applies them when it accepts a submission (the terms are
 * decided inside each engine's per-learner critical section), on both databases. The arithmetic alone is unit
 * tested in content/kit/access.test.ts; here every decision goes through the database: the stored credit, the
 * extension rows, the grace days already spent.
 */
const quiet = () => undefined;

// Due Saturday 27 March 2027 12:00 in Paris (CET, +01:00); the late window runs into summer time (CEST, +02:00).
const WINDOWS: AccessWindows = [
  { from: "2027-03-20T09:00:00+01:00", until: "2027-03-27T12:00:00+01:00", credit: 100 },
  { until: "2027-04-03T12:00:00+02:00", credit: 50 },
];

describe.each(ENGINES)("access windows on $name", (engine) => {
  describe.skipIf(engineUnavailable(engine))("accepting submissions", () => {
    let database: EngineDatabase;
    let db: PrismaClient;
    let queue: GradingQueue;

    beforeAll(async () => {
      database = openEngineDatabase(engine);
      db = database.db;
      queue = await openQueue(db, database.url, quiet);
    });
    afterAll(async () => {
      await queue.close();
      await database.close();
    });

    /** A course with exercise `exerciseId` (and a second one, `${exerciseId}-b`), and an enrolled learner. */
    async function course(graceDays = 0, windows: AccessWindows = WINDOWS) {
      const { courseId, exerciseId } = await createCourseFixture(db, `ex-${randomUUID().slice(0, 8)}`);
      const second = `${exerciseId}-b`;
      await db.exercise.create({ data: { id: second, courseId, lessonId: `${courseId}/l`, title: "B", position: 2, maxScore: 20, contentHash: "e1" } });
      const learner = await createUser(db);
      await enroll(db, learner.id, courseId);
      const rulesFor = (id: string): AccessRules => ({ courseId, exerciseId: id, windows, graceDays });
      return { courseId, exerciseId, second, learner, rulesFor };
    }

    async function submitAt(userId: string, rules: AccessRules, iso: string) {
      const at = new Date(iso);
      return queue.submit(
        { userId, exerciseId: rules.exerciseId, exerciseVersion: "e1", code: `// ${iso}`, maxScore: 20, seed: "s" },
        0,
        submissionTerms(userId, rules, () => at),
      );
    }

    async function refusedAt(userId: string, rules: AccessRules, iso: string): Promise<RequestError> {
      const error = await submitAt(userId, rules, iso).then(
        () => null,
        (reason: unknown) => reason,
      );
      if (!(error instanceof RequestError)) throw new Error(`expected a refusal at ${iso}, got ${String(error)}`);
      return error;
    }

    it("stores the credit of the window a submission was accepted in: exactly at until is the next window, exactly at the last until is closed", async () => {
      const { learner, exerciseId, rulesFor } = await course();
      const rules = rulesFor(exerciseId);
      const notYet = await refusedAt(learner.id, rules, "2027-03-20T07:59:59.999Z");
      expect([notYet.status, notYet.code, notYet.message]).toEqual([403, "exercise_not_open", "This exercise opens at 2027-03-20 08:00 UTC; it accepts no submissions before then."]);
      expect(await submitAt(learner.id, rules, "2027-03-20T08:00:00Z")).toMatchObject({ credit: 100, creditReason: "on_time", windowIndex: 0 });
      expect(await submitAt(learner.id, rules, "2027-03-27T10:59:59.999Z")).toMatchObject({ credit: 100, creditReason: "on_time" });
      const atUntil = await submitAt(learner.id, rules, "2027-03-27T11:00:00Z");
      expect(atUntil).toMatchObject({ credit: 50, creditReason: "late", windowIndex: 1, graceDays: 0 });
      expect(atUntil.createdAt.toISOString()).toBe("2027-03-27T11:00:00.000Z");
      expect(await submitAt(learner.id, rules, "2027-04-03T09:59:59.999Z")).toMatchObject({ credit: 50, creditReason: "late" });
      const closed = await refusedAt(learner.id, rules, "2027-04-03T10:00:00Z");
      expect([closed.status, closed.code, closed.message]).toEqual([403, "exercise_closed", "This exercise closed at 2027-04-03 10:00 UTC; it accepts no more submissions."]);
      // Refused submissions were never stored.
      expect(await db.submission.count({ where: { userId: learner.id } })).toBe(4);
    });

    it("reads a deadline written in another zone as the same instant", async () => {
      const { learner, exerciseId, rulesFor } = await course(0, [{ until: "2027-03-28T02:30:00+09:00", credit: 100 }]);
      const rules = rulesFor(exerciseId);
      // 02:30 in Tokyo on the 28th is 17:30 UTC on the 27th, and 13:30 in New York (EDT, -04:00).
      expect(await submitAt(learner.id, rules, "2027-03-27T13:29:59-04:00")).toMatchObject({ credit: 100 });
      expect((await refusedAt(learner.id, rules, "2027-03-27T17:30:00Z")).code).toBe("exercise_closed");
    });

    it("lets an extension reopen a closed exercise for its learner only, at its credit, until it is revoked", async () => {
      const { courseId, learner, exerciseId, rulesFor } = await course();
      const other = await createUser(db);
      await enroll(db, other.id, courseId);
      const rules = rulesFor(exerciseId);
      const email = `${learner.id}@test.local`;
      const instructor = await createUser(db, "instructor");
      const extension = await grantExtension(db, courseId, actorOf(instructor), { userEmail: email.toUpperCase(), exerciseId, until: "2027-04-10T12:00:00+02:00", credit: 100 });
      expect(extension).toMatchObject({ userId: learner.id, exerciseId, until: "2027-04-10T10:00:00.000Z", credit: 100 });

      expect(await submitAt(learner.id, rules, "2027-04-05T00:00:00Z")).toMatchObject({ credit: 100, creditReason: "extension", windowIndex: null });
      // In the late window the extension's 100% beats the window's 50%.
      expect(await submitAt(learner.id, rules, "2027-03-30T00:00:00Z")).toMatchObject({ credit: 100, creditReason: "extension", windowIndex: 1 });
      expect((await refusedAt(other.id, rules, "2027-04-05T00:00:00Z")).code).toBe("exercise_closed");
      const ended = await refusedAt(learner.id, rules, "2027-04-10T10:00:00Z");
      expect(ended.message).toBe("This exercise closed at 2027-04-10 10:00 UTC; it accepts no more submissions.");

      // Granted again: replaced, not added. A weaker extension never lowers what the late window gives.
      await grantExtension(db, courseId, actorOf(instructor), { userEmail: email, exerciseId, until: "2027-04-20T00:00:00Z", credit: 30 });
      expect((await listExtensions(db, courseId)).map((e) => [e.userId, e.credit])).toEqual([[learner.id, 30]]);
      expect(await submitAt(learner.id, rules, "2027-03-30T00:00:00Z")).toMatchObject({ credit: 50, creditReason: "late" });
      expect(await submitAt(learner.id, rules, "2027-04-15T00:00:00Z")).toMatchObject({ credit: 30, creditReason: "extension" });

      const [granted] = await listExtensions(db, courseId);
      await revokeExtension(db, courseId, actorOf(instructor), granted?.id ?? "");
      expect((await refusedAt(learner.id, rules, "2027-04-15T00:00:00Z")).code).toBe("exercise_closed");
    });

    it("grants extensions only to the course's learners, on the course's exercises, and revokes only the course's own", async () => {
      const { courseId, learner, exerciseId } = await course();
      const instructor = await createUser(db, "instructor");
      const grant = (userEmail: string, id: string) => grantExtension(db, courseId, actorOf(instructor), { userEmail, exerciseId: id, until: "2027-04-10T00:00:00Z", credit: 100 });
      const stranger = await createUser(db);
      const refusal = async (work: Promise<unknown>) => {
        const error = await work.then(() => null, (reason: unknown) => reason);
        return error instanceof RequestError ? [error.status, error.code] : error;
      };
      expect(await refusal(grant(`${stranger.id}@test.local`, exerciseId))).toEqual([404, "learner_not_found"]);
      const elsewhere = await course();
      expect(await refusal(grant(`${learner.id}@test.local`, elsewhere.exerciseId))).toEqual([404, "exercise_not_found"]);
      const granted = await grant(`${learner.id}@test.local`, exerciseId);
      expect(await refusal(revokeExtension(db, elsewhere.courseId, actorOf(instructor), granted.id))).toEqual([404, "extension_not_found"]);
      expect(await listExtensions(db, courseId)).toHaveLength(1);
    });

    it("spends grace days per exercise from one course-wide budget, in elapsed days across summer time, never for a failed submission", async () => {
      const { learner, exerciseId, second, rulesFor } = await course(3);
      const first = rulesFor(exerciseId);
      const other = rulesFor(second);
      // Sunday 28 March 12:00 CEST is 23 hours after the deadline (the clocks went forward): 1 late day, not 2.
      expect(await submitAt(learner.id, first, "2027-03-28T12:00:00+02:00")).toMatchObject({ credit: 100, creditReason: "grace", graceDays: 1, windowIndex: 1 });
      // Later on the first exercise, 2 days late: the most spent on it counts (2), not the sum.
      expect(await submitAt(learner.id, first, "2027-03-29T12:00:00+02:00")).toMatchObject({ creditReason: "grace", graceDays: 2 });
      expect(await submitAt(learner.id, first, "2027-03-28T00:00:00Z")).toMatchObject({ creditReason: "grace", graceDays: 1 });
      // 1 day left for the course: the second exercise 2 days late is only late.
      expect(await submitAt(learner.id, other, "2027-03-29T12:00:00+02:00")).toMatchObject({ credit: 50, creditReason: "late", graceDays: 0 });
      const oneDay = await submitAt(learner.id, other, "2027-03-28T09:00:00Z");
      expect(oneDay).toMatchObject({ credit: 100, creditReason: "grace", graceDays: 1 });
      // The platform failed to grade that one: the day it would have spent is given back.
      await db.submission.update({ where: { id: oneDay.id }, data: { status: "failed" } });
      expect(await submitAt(learner.id, other, "2027-03-28T10:00:00Z")).toMatchObject({ creditReason: "grace", graceDays: 1 });
      expect(await submitAt(learner.id, other, "2027-03-29T12:00:00+02:00")).toMatchObject({ creditReason: "late" });
    });

    it("stores rawScore and the credited score, and the learner's view carries both", async () => {
      const { learner, exerciseId, rulesFor } = await course();
      const late = await submitAt(learner.id, rulesFor(exerciseId), "2027-03-30T00:00:00Z");
      const grader = new SubmissionGrader({
        db,
        grader: scriptedGrader(async () => resultFor("graded", 15)),
        hostId: "test-host",
        makeHiddenSeed: () => "h",
        announceFinal: async () => undefined,
      });
      expect(await grader.deliver(late.id)).toBe("stored");
      const row = await db.submission.findUniqueOrThrow({ where: { id: late.id } });
      expect(row).toMatchObject({ rawScore: 15, credit: 50, score: 7.5, status: "graded" });
      expect(toSubmissionView(row)).toMatchObject({ rawScore: 15, credit: 50, creditReason: "late", score: 7.5, maxScore: 20 });
    });
  });
});

