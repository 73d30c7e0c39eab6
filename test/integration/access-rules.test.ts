import { afterAll, describe, expect, it } from "vitest";
import { enroll } from "../../server/courses";
import { RequestError } from "../../server/errors";
import { admin, anyone, enrolledInCourse, enrolledInLesson, instructorOf, signedIn, type AccessRule } from "../../server/route/access";
import type { CurrentUser } from "../../server/session";
import { createCourseFixture, createUser, testDb } from "../helpers/db";

// Each access rule against a real database, as every caller of the authorization matrix (which checks the
// routes that use them over HTTP): who gets through, and who gets 401, 403 or 404.
const db = testDb();
afterAll(() => db.$disconnect());

const person = async (role: CurrentUser["role"]): Promise<CurrentUser> => {
  const { id } = await createUser(db, role);
  return { id, role, name: "T", email: `${id}@test.local` };
};

async function status<I>(rule: AccessRule<I, unknown>, user: CurrentUser | null, input: I): Promise<number> {
  try {
    await rule.authorize(user, input, db);
    return 200;
  } catch (error) {
    if (error instanceof RequestError) return error.status;
    throw error;
  }
}

describe("access rules", () => {
  it("anyone, signedIn and admin decide by the session and the platform role alone", async () => {
    const learner = await person("learner");
    const root = await person("admin");
    expect([await status(anyone(), null, {}), await status(anyone(), learner, {})]).toEqual([200, 200]);
    expect([await status(signedIn(), null, {}), await status(signedIn(), learner, {})]).toEqual([401, 200]);
    expect([await status(admin(), null, {}), await status(admin(), learner, {}), await status(admin(), root, {})]).toEqual([401, 403, 200]);
    expect([signedIn().needs, admin().needs, anyone().needs]).toEqual(["signedIn", "admin", "anyone"]);
  });

  it("course rules: members in, others 403, unknown and prototype-key ids 404", async () => {
    const { courseId } = await createCourseFixture(db, `ex-${Date.now()}`);
    const other = await createCourseFixture(db, `ex-other-${Date.now()}`);
    const learner = await person("learner");
    const outsider = await person("learner");
    const teacher = await person("instructor");
    const otherTeacher = await person("instructor");
    const root = await person("admin");
    await enroll(db, learner.id, courseId);
    await db.enrollment.create({ data: { userId: teacher.id, courseId, role: "instructor" } });
    await db.enrollment.create({ data: { userId: otherTeacher.id, courseId: other.courseId, role: "instructor" } });

    const member = enrolledInCourse((input: { id: string }) => input.id);
    const staff = instructorOf((input: { id: string }) => input.id);
    const lesson = enrolledInLesson((input: { id: string }) => input.id);
    const callers = [null, outsider, learner, otherTeacher, teacher, root];
    const statuses = async (rule: AccessRule<{ id: string }, unknown>, id: string) => Promise.all(callers.map((c) => status(rule, c, { id })));

    expect(await statuses(member, courseId)).toEqual([401, 403, 200, 403, 200, 200]);
    expect(await statuses(staff, courseId)).toEqual([401, 403, 403, 403, 200, 200]);
    expect(await statuses(lesson, `${courseId}/l`)).toEqual([401, 403, 200, 403, 200, 200]);
    for (const id of ["no-such-course", "__proto__", "constructor"]) {
      expect(await status(member, learner, { id })).toBe(404);
      expect(await status(staff, teacher, { id })).toBe(404);
      expect(await status(lesson, learner, { id })).toBe(404);
    }
  });
});
