import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { platformHealth } from "../../server/admin/health";
import { platformOverview } from "../../server/admin/overview";
import { retryFailedSubmission } from "../../server/admin/retry";
import { addCourseStaff, listCourseStaff, removeCourseStaff } from "../../server/admin/staff";
import { disableUser, enableUser, searchUsers, setUserRole } from "../../server/admin/users";
import { noteSignIn, refuseDisabledAccount } from "../../server/auth-hooks";
import { enroll, findCourseRole } from "../../server/courses";
import { RequestError } from "../../server/errors";
import type { GradingQueue } from "../../server/grading/queue";
import { instructorOf, staffOf } from "../../server/route/access";
import { noteSignInFailure, SIGN_IN_FAILURE_BURST } from "../../server/sign-in-failures";
import { actorOf, createCourseFixture, createUser } from "../helpers/db";
import { engineUnavailable, ENGINES, openEngineDatabase, type EngineDatabase } from "../helpers/engines";

/**
 * The admin console's acts (server/admin, issue 15) on both engines: each changes what it says and writes exactly one
 * audit entry in its own transaction; a refused act changes nothing and records nothing; a disabled account loses its
 * sessions at once and gets no new one; teaching assistants are staff who change no setting.
 */
describe.each(ENGINES)("admin console on $name", (engine) => {
  describe.skipIf(engineUnavailable(engine))("acts", () => {
    let database: EngineDatabase;
    let db: PrismaClient;

    beforeAll(() => {
      database = openEngineDatabase(engine);
      db = database.db;
    });
    afterAll(() => database.close());

    const json = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));
    const refusal = async (work: Promise<unknown>) => {
      const error = await work.then(() => null, (reason: unknown) => reason);
      return error instanceof RequestError ? `${error.status} ${error.code}` : error;
    };
    const entriesAbout = (userId: string) => db.auditEntry.findMany({ where: { targetId: userId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    async function session(userId: string) {
      await db.session.create({ data: { id: randomUUID(), userId, token: randomUUID(), expiresAt: new Date(Date.now() + 3600_000) } });
    }

    it("changes a platform role with its entry, and refuses an admin's own role or an unknown user", async () => {
      const admin = await createUser(db, "admin");
      const user = await createUser(db);
      const changed = await setUserRole(db, actorOf(admin), user.id, "instructor");
      expect(changed.role).toBe("instructor");
      await setUserRole(db, actorOf(admin), user.id, "instructor"); // no change: no entry
      expect(await refusal(setUserRole(db, actorOf(admin), admin.id, "learner"))).toBe("409 own_role");
      expect(await refusal(setUserRole(db, actorOf(admin), "no-such-user", "admin"))).toBe("404 user_not_found");
      const entries = await entriesAbout(user.id);
      expect(entries.map((e) => [e.action, e.actorId, e.address, e.courseId, json(e.before), json(e.after)])).toEqual([
        ["user.role", admin.id, "203.0.113.7", null, { email: `${user.id}@test.local`, role: "learner" }, { email: `${user.id}@test.local`, role: "instructor" }],
      ]);
      expect(await db.user.findUniqueOrThrow({ where: { id: admin.id }, select: { role: true } })).toEqual({ role: "admin" });
      expect(await entriesAbout(admin.id)).toEqual([]);
    });

    it("disables an account: its sessions end in the same transaction, no new one is created, and enabling undoes it", async () => {
      const admin = await createUser(db, "admin");
      const learner = await createUser(db);
      await session(learner.id);
      await session(learner.id);
      const disabled = await disableUser(db, actorOf(admin), learner.id, "Shared their password");
      expect(disabled.disabled?.reason).toBe("Shared their password");
      expect(await db.session.count({ where: { userId: learner.id } })).toBe(0);
      await expect(refuseDisabledAccount(db, learner.id)).rejects.toMatchObject({ body: { code: "ACCOUNT_DISABLED" } });
      expect(await refusal(disableUser(db, actorOf(admin), learner.id, "again"))).toBe("409 already_disabled");
      expect(await refusal(disableUser(db, actorOf(admin), admin.id, "oops"))).toBe("409 own_account");

      const enabled = await enableUser(db, actorOf(admin), learner.id);
      expect(enabled.disabled).toBeNull();
      await expect(refuseDisabledAccount(db, learner.id)).resolves.toBeUndefined();
      expect(await refusal(enableUser(db, actorOf(admin), learner.id))).toBe("409 not_disabled");

      const email = `${learner.id}@test.local`;
      const entries = await entriesAbout(learner.id);
      expect(entries.map((e) => [e.action, json(e.before), json(e.after)])).toEqual([
        ["user.disable", { email, disabled: false }, { email, disabled: true, reason: "Shared their password", sessionsEnded: 2 }],
        ["user.enable", { email, disabled: true, reason: "Shared their password" }, { email, disabled: false }],
      ]);
    });

    it("keeps an account and its sessions untouched when the entry cannot be written", async () => {
      const admin = await createUser(db, "admin");
      const learner = await createUser(db);
      await session(learner.id);
      const malformed = { kind: "user" as const, userId: admin.id, email: "", address: null };
      await expect(disableUser(db, malformed, learner.id, "Spam")).rejects.toThrow();
      expect(await db.user.findUniqueOrThrow({ where: { id: learner.id }, select: { disabledAt: true } })).toEqual({ disabledAt: null });
      expect(await db.session.count({ where: { userId: learner.id } })).toBe(1);
      expect(await entriesAbout(learner.id)).toEqual([]);
    });

    it("notes the last sign-in, and finds users by part of their email, role and status", async () => {
      const admin = await createUser(db, "admin");
      const user = await createUser(db);
      await noteSignIn(db, user.id, new Date("2027-01-12T08:00:00Z"));
      const found = await searchUsers(db, { q: user.id.slice(0, 13).toUpperCase() });
      expect(found.users.map((u) => [u.id, u.lastSignInAt])).toEqual([[user.id, "2027-01-12T08:00:00.000Z"]]);
      await disableUser(db, actorOf(admin), user.id, "Left the course");
      const disabled = await searchUsers(db, { q: user.id, status: "disabled" });
      expect(disabled.total).toBe(1);
      expect((await searchUsers(db, { q: user.id, status: "enabled" })).total).toBe(0);
      expect((await searchUsers(db, { q: user.id, role: "admin" })).total).toBe(0);
    });

    it("adds and removes course staff with entries in the course, and teaching assistants read and grade but change no setting", async () => {
      const { courseId } = await createCourseFixture(db, `staff-${randomUUID().slice(0, 8)}`);
      const admin = await createUser(db, "admin");
      const ta = await createUser(db);
      const teacher = await createUser(db);
      await enroll(db, ta.id, courseId); // a learner first: becoming staff changes their role
      const taEmail = `${ta.id}@test.local`;
      const added = await addCourseStaff(db, actorOf(admin), courseId, taEmail, "ta");
      expect(added.role).toBe("ta");
      await addCourseStaff(db, actorOf(admin), courseId, `${teacher.id}@test.local`, "instructor");
      expect(await refusal(addCourseStaff(db, actorOf(admin), courseId, taEmail, "ta"))).toBe("409 already_staff");
      expect(await refusal(addCourseStaff(db, actorOf(admin), courseId, "nobody@test.local", "ta"))).toBe("404 user_not_found");
      expect(await refusal(addCourseStaff(db, actorOf(admin), "no-such-course", taEmail, "ta"))).toBe("404 course_not_found");
      const listed = (await listCourseStaff(db)).find((c) => c.courseId === courseId);
      expect(listed?.staff.map((s) => [s.userId, s.role]).sort()).toEqual([[ta.id, "ta"], [teacher.id, "instructor"]].sort());

      const taUser = { id: ta.id, name: "Test", email: taEmail, role: "learner" as const };
      expect(await findCourseRole(db, taUser, courseId)).toBe("ta");
      const input = { courseId };
      await expect(staffOf<typeof input>((i) => i.courseId).authorize(taUser, input, db)).resolves.toMatchObject({ courseId, courseRole: "ta" });
      await expect(instructorOf<typeof input>((i) => i.courseId).authorize(taUser, input, db)).rejects.toMatchObject({ status: 403, code: "not_instructor" });

      await removeCourseStaff(db, actorOf(admin), courseId, ta.id);
      expect(await findCourseRole(db, taUser, courseId)).toBeNull();
      expect(await refusal(removeCourseStaff(db, actorOf(admin), courseId, ta.id))).toBe("404 staff_not_found");
      const entries = await db.auditEntry.findMany({ where: { courseId, targetId: ta.id }, orderBy: [{ at: "asc" }, { id: "asc" }] });
      expect(entries.map((e) => [e.action, json(e.before), json(e.after)])).toEqual([
        ["staff.add", { email: taEmail, courseRole: "learner" }, { email: taEmail, courseRole: "ta" }],
        ["staff.remove", { email: taEmail, courseRole: "ta" }, { email: taEmail, courseRole: null }],
      ]);
    });

    it("records one entry per burst of failed sign-ins on an account, and none for an email with no account", async () => {
      const user = await createUser(db);
      const email = `${user.id}@test.local`;
      const now = Date.parse("2027-02-01T10:00:00Z");
      const recorded: boolean[] = [];
      for (let i = 0; i < SIGN_IN_FAILURE_BURST.max + 2; i++) recorded.push(await noteSignInFailure(db, email.toUpperCase(), "198.51.100.9", now + i * 1000));
      expect(recorded).toEqual([false, false, false, false, true, false, false]);
      for (let i = 0; i < SIGN_IN_FAILURE_BURST.max; i++) await noteSignInFailure(db, `ghost-${user.id}@test.local`, "198.51.100.9", now);
      const entries = await entriesAbout(user.id);
      expect(entries.map((e) => [e.action, e.actorKind, e.actorId, e.address, json(e.after)])).toEqual([
        ["auth.sign_in_failures", "visitor", null, "198.51.100.9", { email, failures: 5, withinMinutes: 15, lastAddress: "198.51.100.9" }],
      ]);
      expect(await db.auditEntry.count({ where: { action: "auth.sign_in_failures", after: { contains: `ghost-${user.id}` } } })).toBe(0);
    });

    it("retries a failed submission through the queue with its entry; refuses one that is not failed; fails it again if the queue refuses", async () => {
      const { courseId, exerciseId } = await createCourseFixture(db, `retry-${randomUUID().slice(0, 8)}`);
      const admin = await createUser(db, "admin");
      const learner = await createUser(db);
      const failed = await db.submission.create({
        data: { userId: learner.id, exerciseId, exerciseVersion: "e1", code: "x", status: "failed", outcome: "internal_error", message: "worker died twice", attempts: 3, maxScore: 20, seed: "s", credit: 60, creditReason: "late", finishedAt: new Date() },
      });
      const requeue = vi.fn(async () => undefined);
      const queue = { requeue } as unknown as GradingQueue;
      const health = await platformHealth(db, database.url, null, process.cwd());
      expect(health.failed.recent.some((row) => row.id === failed.id)).toBe(true);
      expect(health.database.engine).toBe(engine.postgres ? "PostgreSQL" : "SQLite");
      expect(health.queue).toEqual({ engine: null, waiting: null, inFlight: expect.any(Number), runningHere: null });

      await retryFailedSubmission(db, queue, actorOf(admin), failed.id);
      expect(requeue).toHaveBeenCalledWith({ submissionId: failed.id, userId: learner.id });
      const queued = await db.submission.findUniqueOrThrow({ where: { id: failed.id } });
      expect([queued.status, queued.outcome, queued.attempts, queued.credit, queued.creditReason]).toEqual(["queued", null, 0, 60, "late"]);
      expect(await refusal(retryFailedSubmission(db, queue, actorOf(admin), failed.id))).toBe("409 not_failed");
      expect(await refusal(retryFailedSubmission(db, queue, actorOf(admin), "no-such-submission"))).toBe("404 submission_not_found");
      const entries = await db.auditEntry.findMany({ where: { targetType: "submission", targetId: failed.id } });
      expect(entries.map((e) => [e.action, e.courseId, json(e.before), json(e.after)])).toEqual([
        ["submission.retry", courseId, { status: "failed", exerciseId, message: "worker died twice", attempts: 3 }, { status: "queued", exerciseId }],
      ]);

      await db.submission.update({ where: { id: failed.id }, data: { status: "failed" } });
      const broken = { requeue: async () => Promise.reject(new Error("queue is down")) } as unknown as GradingQueue;
      expect(await refusal(retryFailedSubmission(db, broken, actorOf(admin), failed.id))).toBe("503 queue_unavailable");
      expect(await db.submission.findUniqueOrThrow({ where: { id: failed.id }, select: { status: true } })).toEqual({ status: "failed" });
    });

    it("sums the platform up for the console's front page", async () => {
      const before = await platformOverview(db);
      const admin = await createUser(db, "admin");
      const user = await createUser(db);
      await noteSignIn(db, user.id, new Date());
      await disableUser(db, actorOf(admin), user.id, "Test account");
      const after = await platformOverview(db);
      expect(after.users - before.users).toBe(2);
      expect(after.disabled - before.disabled).toBe(1);
      expect(after.signedInToday - before.signedInToday).toBe(1);
      expect(after.latest[0]?.action).toBe("user.disable");
    });
  });
});
