import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { findCourseRole, isCourseStaff, type CourseRole, type StaffRole } from "../courses";
import { getDb } from "../db";
import { findCourse } from "./access";
import { findCurrentUser, type CurrentUser } from "../session";

// The role helpers pages use, so no page decides roles itself. They speak Next's page language: a visitor who
// must sign in is redirected to /sign-in and brought back (`returnTo`, a path of this site), a signed-in user
// without the role gets the 403 page (app/forbidden.tsx), an unknown course the 404 page. The same rules as the
// API's (server/route/access.ts), through the same findCourseRole.

/** The signed-in user; visitors go to sign in first. */
export async function requireSignedIn(returnTo: string): Promise<CurrentUser> {
  const user = await findCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/** A member of the course (enrolled learner, its instructor, an admin). */
export async function requireEnrolled(courseId: string, returnTo: string): Promise<{ user: CurrentUser; role: CourseRole }> {
  await requireCourse(courseId);
  const user = await requireSignedIn(returnTo);
  const role = await findCourseRole(getDb(), user, courseId);
  if (!role) forbidden();
  return { user, role };
}

/** Course staff: an instructor or teaching assistant of the course, or an admin. */
export async function requireStaff(courseId: string, returnTo: string): Promise<{ user: CurrentUser; role: StaffRole }> {
  await requireCourse(courseId);
  const user = await requireSignedIn(returnTo);
  const role = await findCourseRole(getDb(), user, courseId);
  if (!isCourseStaff(role)) forbidden();
  return { user, role };
}

/** An instructor of the course, or an admin. */
export async function requireInstructor(courseId: string, returnTo: string): Promise<{ user: CurrentUser }> {
  await requireCourse(courseId);
  const user = await requireSignedIn(returnTo);
  if ((await findCourseRole(getDb(), user, courseId)) !== "instructor") forbidden();
  return { user };
}

/** A platform admin. */
export async function requireAdmin(returnTo: string): Promise<CurrentUser> {
  const user = await requireSignedIn(returnTo);
  if (user.role !== "admin") forbidden();
  return user;
}

/**
 * For public pages that show members more (a lesson's exercise panel, a course's progress): the user, if any,
 * and their role in the course, if any. Deciding what to show stays with the page; deciding the role does not.
 */
export async function findCourseAccess(courseId: string): Promise<{ user: CurrentUser | null; role: CourseRole | null }> {
  const user = await findCurrentUser();
  return { user, role: user ? await findCourseRole(getDb(), user, courseId) : null };
}

async function requireCourse(courseId: string): Promise<void> {
  if (!(await findCourse(getDb(), courseId))) notFound();
}
