import "server-only";
import type { PrismaClient } from "../../generated/prisma/client";
import { findCourseRole, isCourseStaff, type CourseRole, type StaffRole } from "../courses";
import { RequestError } from "../errors";
import type { CurrentUser } from "../session";

/**
 * Who may call a route, declared by the route itself (server/route/define-route.ts will not build a route
 * without one). A rule has two halves, run by the builder in this order:
 *   needs      checked right after the session, before the body is even read: anyone, signed in, or admin;
 *   authorize  checked once params, query and body are valid: enrolment, course staff, ownership. It may load
 *              the record the route acts on and hand it to the handler as part of the grant.
 * Statuses: 401 not signed in, 403 signed in but not allowed, 404 for an unknown id AND for a record owned by
 * someone else (so ids cannot be probed).
 */
export interface AccessRule<TInput, TGrant> {
  readonly needs: Needs;
  authorize(user: CurrentUser | null, input: TInput, db: PrismaClient): Promise<TGrant>;
}

/** The first half of a rule: what the session alone must show. */
export type Needs = "anyone" | "signedIn" | "admin";

/** Checks the first half of a rule against the session: 401 without a user where one is needed, 403 for non-admins. */
export function checkNeeds(needs: Needs, user: CurrentUser | null): void {
  if (needs === "signedIn") requirePresent(user);
  if (needs === "admin") requireAdminUser(user);
}

export interface SignedIn {
  user: CurrentUser;
}

/** Anyone, signed in or not (the handler gets the user when there is one). */
export function anyone<TInput>(): AccessRule<TInput, { user: CurrentUser | null }> {
  return { needs: "anyone", authorize: async (user) => ({ user }) };
}

/** Any signed-in user, whatever their role. */
export function signedIn<TInput>(): AccessRule<TInput, SignedIn> {
  return { needs: "signedIn", authorize: async (user) => ({ user: requirePresent(user) }) };
}

/** Platform admins only. */
export function admin<TInput>(): AccessRule<TInput, SignedIn> {
  return {
    needs: "admin",
    authorize: async (user) => ({ user: requireAdminUser(user) }),
  };
}

/** Learners enrolled in the course (and its instructors and admins), the course id picked from the input. */
export function enrolledInCourse<TInput>(pickCourseId: (input: TInput) => string): AccessRule<TInput, SignedIn & { courseId: string; courseRole: CourseRole }> {
  return {
    needs: "signedIn",
    async authorize(user, input, db) {
      const courseId = pickCourseId(input);
      const { record, ...member } = await requireMember(db, user, await findCourse(db, courseId), () => courseNotFound(courseId));
      return { ...member, courseId: record.courseId };
    },
  };
}

/** Members of the course an exercise belongs to; the exercise row comes with the grant. */
export function enrolledInExercise<TInput>(pickExerciseId: (input: TInput) => string): AccessRule<TInput, SignedIn & { exercise: ExerciseRow; courseRole: CourseRole }> {
  return {
    needs: "signedIn",
    async authorize(user, input, db) {
      const exerciseId = pickExerciseId(input);
      const exercise = await db.exercise.findUnique({ where: { id: exerciseId }, select: exerciseColumns });
      const missing = () => new RequestError(404, "exercise_not_found", `There is no exercise "${exerciseId}".`);
      const { record, ...member } = await requireMember(db, user, exercise, missing);
      return { ...member, exercise: record };
    },
  };
}

/** Members of the course a lesson belongs to (the lesson looked up in the database by its id). */
export function enrolledInLesson<TInput>(pickLessonId: (input: TInput) => string): AccessRule<TInput, SignedIn & { courseId: string; courseRole: CourseRole }> {
  return {
    needs: "signedIn",
    async authorize(user, input, db) {
      const lessonId = pickLessonId(input);
      const lesson = await db.lesson.findUnique({ where: { id: lessonId }, select: { courseId: true } });
      const { record, ...member } = await requireMember(db, user, lesson, () => new RequestError(404, "lesson_not_found", `There is no lesson "${lessonId}".`));
      return { ...member, courseId: record.courseId };
    },
  };
}

/** The course's staff: its instructors and teaching assistants, and admins (reading, and grading by hand). */
export function staffOf<TInput>(pickCourseId: (input: TInput) => string): AccessRule<TInput, SignedIn & { courseId: string; courseRole: StaffRole }> {
  return {
    needs: "signedIn",
    async authorize(user, input, db) {
      const courseId = pickCourseId(input);
      const member = await requireMember(db, user, await findCourse(db, courseId), () => courseNotFound(courseId));
      if (!isCourseStaff(member.courseRole)) throw new RequestError(403, "not_staff", "Only this course's staff can do this.");
      return { user: member.user, courseId, courseRole: member.courseRole };
    },
  };
}

/** The course's instructors and admins: what changes the course's settings (extensions, regrades). */
export function instructorOf<TInput>(pickCourseId: (input: TInput) => string): AccessRule<TInput, SignedIn & { courseId: string }> {
  return {
    needs: "signedIn",
    async authorize(user, input, db) {
      const courseId = pickCourseId(input);
      const member = await requireMember(db, user, await findCourse(db, courseId), () => courseNotFound(courseId));
      if (member.courseRole !== "instructor") throw new RequestError(403, "not_instructor", "Only this course's instructors can do this.");
      return { user: member.user, courseId };
    },
  };
}

/**
 * The signed-in user's own record, loaded by `load` (which returns null for a missing id): someone else's is a
 * 404 exactly like a missing one, so another learner's submission ids reveal nothing.
 */
export function ownerOf<TInput, TRecord extends { userId: string }>(
  what: string,
  load: (input: TInput, db: PrismaClient) => Promise<TRecord | null>,
): AccessRule<TInput, SignedIn & { record: TRecord }> {
  return {
    needs: "signedIn",
    async authorize(user, input, db) {
      const owner = requirePresent(user);
      const record = await load(input, db);
      if (!record || record.userId !== owner.id) throw new RequestError(404, "not_found", `There is no such ${what}.`);
      return { user: owner, record };
    },
  };
}

const exerciseColumns = { id: true, courseId: true, contentHash: true, maxScore: true } as const;
export interface ExerciseRow {
  id: string;
  courseId: string;
  contentHash: string;
  maxScore: number;
}

/** The user, or a 401 asking them to sign in. */
export function requirePresent(user: CurrentUser | null): CurrentUser {
  if (!user) throw new RequestError(401, "not_signed_in", "Sign in first.");
  return user;
}

function requireAdminUser(user: CurrentUser | null): CurrentUser {
  const present = requirePresent(user);
  if (present.role !== "admin") throw new RequestError(403, "not_admin", "Only platform admins can do this.");
  return present;
}

/**
 * The rules' common core: a signed-in user (401), a record that exists (404, from `missing`), and a role in the
 * course the record belongs to (403 when none).
 */
async function requireMember<TRecord extends { courseId: string }>(
  db: PrismaClient,
  user: CurrentUser | null,
  record: TRecord | null,
  missing: () => RequestError,
): Promise<SignedIn & { record: TRecord; courseRole: CourseRole }> {
  const member = requirePresent(user);
  if (!record) throw missing();
  const courseRole = await findCourseRole(db, member, record.courseId);
  if (!courseRole) throw new RequestError(403, "not_enrolled", "Enroll in this course first.");
  return { user: member, record, courseRole };
}

/** The course as a record of itself (its courseId), or null when there is no such course. */
export async function findCourse(db: PrismaClient, courseId: string): Promise<{ courseId: string } | null> {
  const course = await db.course.findUnique({ where: { id: courseId }, select: { id: true } });
  return course ? { courseId: course.id } : null;
}

function courseNotFound(courseId: string): RequestError {
  return new RequestError(404, "course_not_found", `There is no course "${courseId}".`);
}
