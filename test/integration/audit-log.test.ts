import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../generated/prisma/client";
import { createAdmin } from "../../scripts/admin-create/create-admin";
import { cliActor } from "../../server/audit/actors";
import { auditCsv } from "../../server/audit/csv";
import { exportAuditEntries, listAuditEntries } from "../../server/audit/query";
import { recordAudit } from "../../server/audit/record";
import { enroll } from "../../server/courses";
import type { GradingQueue } from "../../server/grading/queue";
import { RequestError } from "../../server/errors";
import { grantExtension, revokeExtension } from "../../server/extensions";
import { setOverride } from "../../server/grades";
import { startRegrade } from "../../server/regrade/runs";
import { actorOf, createCourseFixture, createUser } from "../helpers/db";
import { engineUnavailable, ENGINES, openEngineDatabase, type EngineDatabase } from "../helpers/engines";

/**
 * The audit log (server/audit, decision 0154) on both engines: every privileged act that exists writes exactly one
 * entry, in its own transaction; an act that fails writes none; an entry cannot outlive a failed act; and the
 * database itself refuses to change or delete an entry, whoever asks.
 */
describe.each(ENGINES)("audit log on $name", (engine) => {
  describe.skipIf(engineUnavailable(engine))("entries", () => {
    let database: EngineDatabase;
    let db: PrismaClient;

    beforeAll(() => {
      database = openEngineDatabase(engine);
      db = database.db;
    });
    afterAll(() => database.close());

    /** A course with one exercise, a learner enrolled in it and an instructor. */
    async function course() {
      const { courseId, exerciseId } = await createCourseFixture(db, `audit-${randomUUID().slice(0, 8)}`);
      const learner = await createUser(db);
      await enroll(db, learner.id, courseId);
      const instructor = await createUser(db, "instructor");
      return { courseId, exerciseId, learner, instructor };
    }
    const entriesOf = (courseId: string) => db.auditEntry.findMany({ where: { courseId }, orderBy: { at: "asc" } });
    const json = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));
    const refusal = async (work: Promise<unknown>) => {
      const error = await work.then(() => null, (reason: unknown) => reason);
      return error instanceof RequestError ? error.code : error;
    };

    it("records an extension granted, replaced and revoked: who, from where, before and after", async () => {
      const { courseId, exerciseId, learner, instructor } = await course();
      const email = `${learner.id}@test.local`;
      const granted = await grantExtension(db, courseId, actorOf(instructor), { userEmail: email, exerciseId, until: "2027-04-10T00:00:00Z", credit: 100 });
      await grantExtension(db, courseId, actorOf(instructor, "198.51.100.4"), { userEmail: email, exerciseId, until: "2027-04-20T00:00:00Z", credit: 60 });
      await revokeExtension(db, courseId, actorOf(instructor), granted.id);

      const entries = await entriesOf(courseId);
      expect(entries.map((e) => [e.action, e.targetType, e.targetId, e.actorKind, e.actorId, e.actorLabel, e.address])).toEqual([
        ["extension.grant", "extension", granted.id, "user", instructor.id, `${instructor.id}@test.local`, "203.0.113.7"],
        ["extension.grant", "extension", granted.id, "user", instructor.id, `${instructor.id}@test.local`, "198.51.100.4"],
        ["extension.revoke", "extension", granted.id, "user", instructor.id, `${instructor.id}@test.local`, "203.0.113.7"],
      ]);
      const about = { learner: email, exerciseId };
      expect(entries.map((e) => [json(e.before), json(e.after)])).toEqual([
        [null, { ...about, until: "2027-04-10T00:00:00.000Z", credit: 100 }],
        [
          { ...about, until: "2027-04-10T00:00:00.000Z", credit: 100 },
          { ...about, until: "2027-04-20T00:00:00.000Z", credit: 60 },
        ],
        [{ ...about, until: "2027-04-20T00:00:00.000Z", credit: 60 }, null],
      ]);
    });

    it("records a grade override against the grade <learner>:<exercise>, with the grade it replaced", async () => {
      const { courseId, exerciseId, learner, instructor } = await course();
      await setOverride(db, courseId, actorOf(instructor), { userId: learner.id, exerciseId, score: 12, reason: "Oral exam" });
      await setOverride(db, courseId, actorOf(instructor), { userId: learner.id, exerciseId, score: null, reason: "Back to the checks" });
      const entries = await db.auditEntry.findMany({ where: { targetType: "grade", targetId: `${learner.id}:${exerciseId}` }, orderBy: { at: "asc" } });
      expect(entries.map((e) => [e.action, e.courseId, json(e.before), json(e.after)])).toEqual([
        ["override.set", courseId, { override: null, reason: null }, { override: 12, reason: "Oral exam" }],
        ["override.set", courseId, { override: 12, reason: "Oral exam" }, { override: null, reason: "Back to the checks" }],
      ]);
    });

    it("records a regrade started by an instructor and by the command, on the regrade's own transaction", async () => {
      const { courseId, exerciseId, instructor } = await course();
      // The queue's part of a regrade is its jobs' INSERT; here the store runs on a plain transaction.
      const queue: Pick<GradingQueue, "enqueueRegrade"> = { enqueueRegrade: (store) => db.$transaction((tx) => store(tx)) };
      const byInstructor = await startRegrade(db, queue, { exerciseId, courseId, dryRun: true, actor: actorOf(instructor) });
      const byCommand = await startRegrade(db, queue, { exerciseId, dryRun: false, actor: cliActor("npm run regrade") });
      const entries = await entriesOf(courseId);
      expect(entries.map((e) => [e.action, e.targetType, e.targetId, e.actorKind, e.actorId, e.actorLabel, e.address, json(e.after)])).toEqual([
        ["regrade.start", "regrade", byInstructor.runId, "user", instructor.id, `${instructor.id}@test.local`, "203.0.113.7", { exerciseId, exerciseVersion: "e1", dryRun: true, submissions: 0 }],
        ["regrade.start", "regrade", byCommand.runId, "cli", null, "npm run regrade", null, { exerciseId, exerciseVersion: "e1", dryRun: false, submissions: 0 }],
      ]);
      expect((await db.regradeRun.findUnique({ where: { id: byInstructor.runId } }))?.requestedById).toBe(instructor.id);
    });

    it("records an admin created and an admin promoted by npm run admin:create", async () => {
      const email = `admin-${randomUUID().slice(0, 8)}@example.org`;
      const created = await createAdmin(db, { email, password: "a long enough password" });
      if (!created.ok) throw new Error(created.problem);
      const learner = await createUser(db);
      const promoted = await createAdmin(db, { email: `${learner.id}@test.local`, password: null });
      if (!promoted.ok) throw new Error(promoted.problem);
      const entries = await db.auditEntry.findMany({ where: { targetType: "user", targetId: { in: [created.userId, learner.id] } }, orderBy: { at: "asc" } });
      expect(entries.map((e) => [e.action, e.targetId, e.actorKind, e.actorLabel, e.courseId, json(e.before), json(e.after)])).toEqual([
        ["admin.create", created.userId, "cli", "npm run admin:create", null, null, { email, role: "admin" }],
        ["admin.promote", learner.id, "cli", "npm run admin:create", null, { email: `${learner.id}@test.local`, role: "learner" }, { email: `${learner.id}@test.local`, role: "admin", passwordSet: false }],
      ]);
    });

    it("writes no entry for an act that is refused", async () => {
      const { courseId, exerciseId, learner, instructor } = await course();
      const stranger = await createUser(db);
      expect(await refusal(grantExtension(db, courseId, actorOf(instructor), { userEmail: `${stranger.id}@test.local`, exerciseId, until: "2027-04-10T00:00:00Z", credit: 100 }))).toBe("learner_not_found");
      expect(await refusal(revokeExtension(db, courseId, actorOf(instructor), "no-such-extension"))).toBe("extension_not_found");
      expect(await refusal(setOverride(db, courseId, actorOf(instructor), { userId: learner.id, exerciseId, score: 21, reason: "Too much" }))).toBe("score_out_of_range");
      const bad = await createAdmin(db, { email: "not an email", password: null });
      expect(bad.ok).toBe(false);
      expect(await entriesOf(courseId)).toEqual([]);
      expect(await db.auditEntry.count({ where: { action: "admin.create", after: { contains: "not an email" } } })).toBe(0);
    });

    it("never keeps an entry without its act, nor an act without its entry", async () => {
      const { courseId, exerciseId, learner, instructor } = await course();
      // The act fails after its entry was written: both roll back.
      const failed = db.$transaction(async (tx) => {
        await recordAudit(tx, actorOf(instructor), { action: "override.set", targetType: "grade", targetId: `${learner.id}:${exerciseId}`, courseId, after: { override: 1, reason: "r" } });
        throw new Error("the act failed after recording");
      });
      await expect(failed).rejects.toThrow("the act failed after recording");
      expect(await entriesOf(courseId)).toEqual([]);
      // The entry cannot be written (a malformed actor): the act is refused and nothing of it is stored.
      const malformed = { kind: "user" as const, userId: instructor.id, email: "", address: null };
      await expect(grantExtension(db, courseId, malformed, { userEmail: `${learner.id}@test.local`, exerciseId, until: "2027-04-10T00:00:00Z", credit: 100 })).rejects.toThrow();
      expect(await db.extension.count({ where: { courseId } })).toBe(0);
      expect(await entriesOf(courseId)).toEqual([]);
    });

    it("is read newest first, a page at a time, within the reader's scope and the filters", async () => {
      const a = await course();
      const b = await course();
      const acts = [
        () => setOverride(db, a.courseId, actorOf(a.instructor), { userId: a.learner.id, exerciseId: a.exerciseId, score: 1, reason: "one" }),
        () => setOverride(db, a.courseId, actorOf(a.instructor, "198.51.100.9"), { userId: a.learner.id, exerciseId: a.exerciseId, score: 2, reason: "two" }),
        () => grantExtension(db, a.courseId, actorOf(a.instructor), { userEmail: `${a.learner.id}@test.local`, exerciseId: a.exerciseId, until: "2027-04-10T00:00:00Z", credit: 100 }),
        () => setOverride(db, b.courseId, actorOf(b.instructor), { userId: b.learner.id, exerciseId: b.exerciseId, score: 3, reason: "three" }),
      ];
      for (const act of acts) {
        await act();
        await new Promise((resolve) => setTimeout(resolve, 5)); // distinct timestamps, so "newest first" is testable
      }
      const scoped = (courseId: string) => ({ kind: "course" as const, courseId });
      const actions = (page: { entries: { action: string }[] }) => page.entries.map((e) => e.action);

      const first = await listAuditEntries(db, scoped(a.courseId), {}, 2);
      expect(actions(first)).toEqual(["extension.grant", "override.set"]);
      expect(JSON.parse(first.entries[1]?.after ?? "null")).toMatchObject({ reason: "two" });
      const second = await listAuditEntries(db, scoped(a.courseId), { before: first.nextBefore ?? "" }, 2);
      expect(second.entries.map((e) => JSON.parse(e.after ?? "null") as unknown)).toEqual([{ override: 1, reason: "one" }]);
      expect(second.nextBefore).toBeNull();

      // An instructor's scope wins over a course filter: course b's entries stay out of course a's log.
      expect(actions(await listAuditEntries(db, scoped(a.courseId), { course: b.courseId }))).toHaveLength(3);
      expect((await listAuditEntries(db, { kind: "platform" }, { course: b.courseId })).entries.map((e) => e.courseId)).toEqual([b.courseId]);
      // Filters: the action, the actor (email part or id), the target (a grade's id), the address's actor, days.
      expect(actions(await listAuditEntries(db, scoped(a.courseId), { action: "extension.grant" }))).toEqual(["extension.grant"]);
      expect(actions(await listAuditEntries(db, { kind: "platform" }, { actor: a.instructor.id.slice(0, 8) }))).toEqual(["extension.grant", "override.set", "override.set"]);
      expect(actions(await listAuditEntries(db, { kind: "platform" }, { actor: b.instructor.id }))).toEqual(["override.set"]);
      expect(actions(await listAuditEntries(db, { kind: "platform" }, { target: `${a.learner.id}:${a.exerciseId}` }))).toEqual(["override.set", "override.set"]);
      const today = new Date().toISOString().slice(0, 10);
      expect(actions(await listAuditEntries(db, scoped(a.courseId), { from: today, to: today }))).toHaveLength(3);
      expect(actions(await listAuditEntries(db, scoped(a.courseId), { to: "2020-01-01" }))).toEqual([]);
      // A cursor from another scope starts at the top instead of leaking its position.
      const foreign = (await listAuditEntries(db, scoped(b.courseId), {})).entries[0]?.id ?? "";
      expect(actions(await listAuditEntries(db, scoped(a.courseId), { before: foreign }, 2))).toEqual(["extension.grant", "override.set"]);

      // The export: every match, as CSV that parses back; more than the cap is refused rather than cut.
      const exported = await exportAuditEntries(db, scoped(a.courseId), {});
      expect(exported).toHaveLength(3);
      const records = parse(auditCsv(exported ?? []), { columns: true }) as Record<string, string>[];
      expect(records.map((r) => [r.action, r.actor, r.address, r.course_id])).toEqual([
        ["extension.grant", `${a.instructor.id}@test.local`, "203.0.113.7", a.courseId],
        ["override.set", `${a.instructor.id}@test.local`, "198.51.100.9", a.courseId],
        ["override.set", `${a.instructor.id}@test.local`, "203.0.113.7", a.courseId],
      ]);
      expect(JSON.parse(records[1]?.after ?? "null")).toEqual({ override: 2, reason: "two" });
      expect(await exportAuditEntries(db, scoped(a.courseId), {}, 2)).toBeNull();
    });

    it("cannot be changed or deleted, through Prisma or raw SQL", async () => {
      const { courseId, exerciseId, learner, instructor } = await course();
      await setOverride(db, courseId, actorOf(instructor), { userId: learner.id, exerciseId, score: 5, reason: "r" });
      const [entry] = await entriesOf(courseId);
      if (!entry) throw new Error("no entry");
      // PostgreSQL's trigger names the rule; SQLite's RAISE(ABORT) reaches Prisma as a generic constraint failure.
      const refused = engine.postgres ? /append-only/ : /constraint|append-only/i;
      await expect(db.auditEntry.update({ where: { id: entry.id }, data: { actorId: "someone-else" } })).rejects.toThrow(refused);
      await expect(db.auditEntry.updateMany({ where: { courseId }, data: { after: null } })).rejects.toThrow(refused);
      await expect(db.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow(refused);
      await expect(db.auditEntry.deleteMany({ where: { courseId } })).rejects.toThrow(refused);
      const sql = (statement: string) => db.$executeRawUnsafe(engine.postgres ? statement : statement.replace("$1", "?"), entry.id);
      await expect(sql(`UPDATE "AuditEntry" SET "action" = 'x' WHERE "id" = $1`)).rejects.toThrow(/append-only|constraint/i);
      await expect(sql(`DELETE FROM "AuditEntry" WHERE "id" = $1`)).rejects.toThrow(/append-only|constraint/i);
      expect(await db.auditEntry.findUnique({ where: { id: entry.id } })).toEqual(entry);
    });
  });
});
