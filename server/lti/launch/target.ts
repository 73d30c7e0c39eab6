import "server-only";
import type { PrismaClient } from "../../../generated/prisma/client";
import { LtiError } from "../lti-error";
import { requireOwnPage } from "../login";

/** What a launch's target link points into: a course (or the catalog), and an exercise when it is one. */
export interface LaunchTarget {
  url: URL;
  courseId: string | null;
  exerciseId: string | null;
}

/**
 * Reads the target link: a page of this site under /courses (the catalog, a course, a lesson, an exercise). The
 * course and exercise it names must exist, so a typo in the LMS's link is a clear page, not an enrollment in nothing.
 */
export async function resolveTarget(db: PrismaClient, publicUrl: string, target: string): Promise<LaunchTarget> {
  const url = requireOwnPage(publicUrl, target);
  const [first, courseId, third, exerciseId] = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (first !== "courses") {
    throw new LtiError(400, "unsupported_target", `The link points to ${url.pathname}, which is not a course page.`, "Link to /courses, a course, a lesson or an exercise.");
  }
  if (!courseId) return { url, courseId: null, exerciseId: null };
  const course = await db.course.findUnique({ where: { id: courseId }, select: { id: true } });
  if (!course) throw new LtiError(404, "unknown_course", `The link points to a course "${courseId.slice(0, 100)}" that does not exist here.`, "Fix the link in the LMS (deep linking picks valid ones).");
  if (third !== "exercises" || !exerciseId) return { url, courseId, exerciseId: null };
  const exercise = await db.exercise.findFirst({ where: { id: exerciseId, courseId }, select: { id: true } });
  if (!exercise) throw new LtiError(404, "unknown_exercise", `The link points to an exercise "${exerciseId.slice(0, 100)}" that course ${courseId} does not have.`);
  // The exercise's page sends a learner on to the exercise in its lesson (app/courses/[courseId]/exercises/[exerciseId]).
  return { url, courseId, exerciseId };
}
