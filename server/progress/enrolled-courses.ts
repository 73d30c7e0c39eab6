import "server-only";
import type { EnrolledCourse } from "../../contract/course-path";
import type { PrismaClient } from "../../generated/prisma/client";
import { coursePath } from "./course-path";

/**
 * The courses the user is enrolled in, in catalog order, for their home page: as a learner with their path (progress
 * and where "Continue" leads), as staff (instructor, teaching assistant) without one. Empty for a user with no enrollments (admins included:
 * they act as instructors everywhere without being enrolled anywhere).
 */
export async function listEnrolledCourses(db: PrismaClient, userId: string): Promise<EnrolledCourse[]> {
  const enrollments = await db.enrollment.findMany({
    where: { userId },
    orderBy: { course: { position: "asc" } },
    select: { role: true, course: { select: { id: true, title: true } } },
  });
  const courses = await Promise.all(
    enrollments.map(async ({ role, course }): Promise<EnrolledCourse | null> => {
      if (role === "instructor" || role === "ta") return { role, courseId: course.id, title: course.title };
      if (role !== "learner") return null; // a role this version does not know (server/courses.ts ignores it too)
      const path = await coursePath(db, userId, course.id);
      // Deleted between the two reads (a content sync removed it): nothing to show.
      return path ? { role: "learner", courseId: course.id, title: course.title, path } : null;
    }),
  );
  return courses.filter((course) => course !== null);
}
