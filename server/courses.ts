import "server-only";
import { KNOWLEDGE_CHECK_POINTS } from "../content/kit/knowledge-check-schema";
import type { PrismaClient } from "../generated/prisma/client";
import { RequestError } from "./errors";
import { finalScores } from "./grades";

export interface CourseSummary {
  id: string;
  title: string;
  summary: string;
  lessonCount: number;
  exerciseCount: number;
  knowledgeCheckCount: number;
  enrolledAs: CourseRole | null;
  /** The learner's final grades over the course's exercises plus their checks answered correctly, and the maximum. */
  earned: number;
  possible: number;
}

/** Every course, with the user's enrollment and progress when signed in. */
export async function listCatalog(db: PrismaClient, userId: string | null): Promise<CourseSummary[]> {
  const courses = await db.course.findMany({
    orderBy: { position: "asc" },
    include: {
      _count: { select: { lessons: true } },
      exercises: { select: { id: true, maxScore: true } },
      knowledgeChecks: { where: { retiredAt: null }, select: { id: true } },
      enrollments: userId ? { where: { userId }, select: { role: true } } : false,
    },
  });
  const exerciseIds = courses.flatMap((course) => course.exercises.map((exercise) => exercise.id));
  const best = userId ? await finalScores(db, userId, exerciseIds) : new Map<string, number>();
  const correct = userId ? await correctKnowledgeChecks(db, userId) : new Set<string>();
  return courses.map((course) => ({
    id: course.id,
    title: course.title,
    summary: course.summary,
    lessonCount: course._count.lessons,
    exerciseCount: course.exercises.length,
    knowledgeCheckCount: course.knowledgeChecks.length,
    enrolledAs: enrollmentRole(course.enrollments?.[0]?.role),
    earned:
      course.exercises.reduce((sum, exercise) => sum + (best.get(exercise.id) ?? 0), 0) +
      knowledgeCheckPoints(course.knowledgeChecks.filter((check) => correct.has(check.id)).length),
    possible:
      course.exercises.reduce((sum, exercise) => sum + exercise.maxScore, 0) +
      knowledgeCheckPoints(course.knowledgeChecks.length),
  }));
}

/** The ids of the knowledge checks the user has answered correctly at least once (retired ones included). */
export async function correctKnowledgeChecks(db: PrismaClient, userId: string): Promise<Set<string>> {
  const rows = await db.knowledgeCheckAnswer.findMany({
    where: { userId, correct: true },
    select: { knowledgeCheckId: true },
  });
  return new Set(rows.map((row) => row.knowledgeCheckId));
}

/** Progress points for a number of knowledge checks answered correctly. */
export function knowledgeCheckPoints(count: number): number {
  return count * KNOWLEDGE_CHECK_POINTS;
}

/** A user's role within one course (admins act as instructors everywhere). */
/**
 * A member's role in one course: a learner; a teaching assistant ("ta": reads everything staff read and grades by
 * hand, changes no setting: no extensions, regrades or staff); an instructor (everything). Admins act as instructors.
 */
export type CourseRole = "learner" | "ta" | "instructor";
export type StaffRole = Exclude<CourseRole, "learner">;

/** Instructors and teaching assistants: who may read a course's gradebook, learners' work, analytics and log. */
export function isCourseStaff(role: CourseRole | null): role is StaffRole {
  return role === "ta" || role === "instructor";
}

/** A stored enrollment role as a CourseRole; an unknown one (a later version's) is no role at all. */
export function enrollmentRole(role: string | undefined): CourseRole | null {
  if (role === "learner" || role === "ta" || role === "instructor") return role;
  return null;
}

/** A course with its modules, lessons, exercises and current knowledge checks, in course order. */
export type CourseOutline = NonNullable<Awaited<ReturnType<typeof findCourseOutline>>>;

/** A course with its modules, lessons and exercises in order, or null when there is no such course. */
export async function findCourseOutline(db: PrismaClient, courseId: string) {
  return db.course.findUnique({
    where: { id: courseId },
    include: {
      modules: {
        orderBy: { position: "asc" },
        include: {
          lessons: {
            orderBy: { position: "asc" },
            include: {
              exercises: { orderBy: { position: "asc" }, select: { id: true, title: true, maxScore: true } },
              knowledgeChecks: { where: { retiredAt: null }, orderBy: { position: "asc" }, select: { id: true } },
            },
          },
        },
      },
    },
  });
}

/** Enrolls the user as a learner; enrolling twice is harmless. */
export async function enroll(db: PrismaClient, userId: string, courseId: string): Promise<void> {
  const course = await db.course.findUnique({ where: { id: courseId }, select: { id: true } });
  if (!course) throw new RequestError(404, "course_not_found", `There is no course "${courseId}".`);
  await db.enrollment.upsert({
    where: { userId_courseId: { userId, courseId } },
    create: { userId, courseId, role: "learner" },
    update: {},
  });
}

/** The user's role in a course, or null when not enrolled. Admins act as instructors everywhere. */
export async function findCourseRole(
  db: PrismaClient,
  user: { id: string; role: string },
  courseId: string,
): Promise<CourseRole | null> {
  if (user.role === "admin") return "instructor";
  const enrollment = await db.enrollment.findUnique({
    where: { userId_courseId: { userId: user.id, courseId } },
    select: { role: true },
  });
  return enrollmentRole(enrollment?.role);
}
