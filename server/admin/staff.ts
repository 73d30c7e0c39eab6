import "server-only";
import type { StaffMemberView, StaffRoleName } from "../../contract/http/admin";
import { staffRoleSchema } from "../../contract/http/admin";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import type { UserActor } from "../audit/actors";
import { auditedTransaction, recordAudit } from "../audit/record";
import { RequestError } from "../errors";

export interface CourseStaff {
  courseId: string;
  title: string;
  learners: number;
  staff: StaffMemberView[];
}

/**
 * Every course in catalog order (or the one course `only` names) with its staff (instructors first, then teaching
 * assistants) and its learner count.
 */
export async function listCourseStaff(db: PrismaClient, only?: string): Promise<CourseStaff[]> {
  const inCourse = only === undefined ? {} : { courseId: only };
  const courses = await db.course.findMany({ where: only === undefined ? {} : { id: only }, orderBy: { position: "asc" }, select: { id: true, title: true } });
  const [staff, learners] = await Promise.all([
    db.enrollment.findMany({
      where: { ...inCourse, role: { in: [...staffRoleSchema.options] } },
      orderBy: [{ role: "asc" }, { user: { name: "asc" } }],
      select: staffSelect,
    }),
    db.enrollment.groupBy({ by: ["courseId"], where: { ...inCourse, role: "learner" }, _count: { _all: true } }),
  ]);
  return courses.map((course) => ({
    courseId: course.id,
    title: course.title,
    learners: learners.find((row) => row.courseId === course.id)?._count._all ?? 0,
    staff: staff.filter((row) => row.courseId === course.id).map(toStaffView),
  }));
}

/**
 * Gives the user with this email a staff role in the course (instructor or teaching assistant), recorded in the audit
 * log with the role they had there before (a learner who becomes staff keeps their submissions; the gradebook stops
 * listing them). An unknown email or course is a 404 that says which.
 */
export async function addCourseStaff(db: PrismaClient, actor: UserActor, courseId: string, email: string, role: StaffRoleName): Promise<StaffMemberView> {
  return auditedTransaction(db, async (tx) => {
    const course = await tx.course.findUnique({ where: { id: courseId }, select: { id: true } });
    if (!course) throw new RequestError(404, "course_not_found", `There is no course "${courseId}".`);
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) throw new RequestError(404, "user_not_found", `No account has the email ${email}: they sign up first.`);
    const key = { userId_courseId: { userId: user.id, courseId } };
    const previous = await tx.enrollment.findUnique({ where: key, select: { role: true } });
    if (previous?.role === role) throw new RequestError(409, "already_staff", `${email} is already ${role === "ta" ? "a teaching assistant" : "an instructor"} of this course.`);
    const row = await tx.enrollment.upsert({ where: key, create: { userId: user.id, courseId, role }, update: { role }, select: staffSelect });
    await recordAudit(tx, actor, {
      action: "staff.add",
      targetType: "user",
      targetId: user.id,
      courseId,
      before: { email, courseRole: previous?.role ?? null },
      after: { email, courseRole: role },
    });
    return toStaffView(row);
  });
}

/**
 * Takes a staff member off the course: their enrollment is deleted (staff have no progress of their own to keep; they
 * can enroll again as a learner), recorded in the audit log with the role they had. Someone who is not staff of the
 * course is a 404.
 */
export async function removeCourseStaff(db: PrismaClient, actor: UserActor, courseId: string, userId: string): Promise<void> {
  await auditedTransaction(db, async (tx) => {
    const row = await tx.enrollment.findFirst({ where: { userId, courseId, role: { in: [...staffRoleSchema.options] } }, select: { id: true, role: true, user: { select: { email: true } } } });
    if (!row) throw new RequestError(404, "staff_not_found", "This user is not on this course's staff.");
    await tx.enrollment.delete({ where: { id: row.id } });
    await recordAudit(tx, actor, {
      action: "staff.remove",
      targetType: "user",
      targetId: userId,
      courseId,
      before: { email: row.user.email, courseRole: row.role },
      after: { email: row.user.email, courseRole: null },
    });
  });
}

const staffSelect = { courseId: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } } satisfies Prisma.EnrollmentSelect;

function toStaffView(row: Prisma.EnrollmentGetPayload<{ select: typeof staffSelect }>): StaffMemberView {
  return { userId: row.user.id, name: row.user.name, email: row.user.email, role: staffRoleSchema.parse(row.role), since: row.createdAt.toISOString() };
}
