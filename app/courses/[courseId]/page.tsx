import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CourseOutline } from "@/components/course/course-outline";
import { EnrollmentCard } from "@/components/course/enrollment-card";
import { courseSchedules } from "@/server/access/schedules";
import { findCourseOutline } from "@/server/courses";
import { getDb } from "@/server/db";
import { buildCoursePath, EMPTY_RECORD } from "@/server/progress/build-path";
import { coursePathOf } from "@/server/progress/course-path";
import { findCourseAccess } from "@/server/route/page-access";
import { enrollAction } from "./actions";

export const dynamic = "force-dynamic";

type Params = Promise<{ courseId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { courseId } = await params;
  const course = await findCourseOutline(getDb(), courseId);
  return { title: course?.title ?? "Course not found" };
}

export default async function CoursePage({ params }: { params: Params }) {
  const { courseId } = await params;
  const db = getDb();
  const course = await findCourseOutline(db, courseId);
  if (!course) notFound();
  const { user, role } = await findCourseAccess(course.id);
  const member = user && role ? { user, role } : null;
  // Members get their own record (final grades with overrides, visits, checks); visitors the outline alone.
  const path = member ? await coursePathOf(db, member.user.id, course) : buildCoursePath(course, EMPTY_RECORD);
  const schedules = member ? await courseSchedules(db, member.user.id, course.id, member.role) : null;

  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> /
      </p>
      <h1>{course.title}</h1>
      <p className="prose">{course.summary}</p>
      {member ? (
        <EnrollmentCard courseId={course.id} role={member.role} path={path} grace={schedules?.grace ?? null} />
      ) : (
        <form action={enrollAction.bind(null, course.id)}>
          <button type="submit" className="button primary">
            {user ? "Enroll in this course" : "Sign in to enroll"}
          </button>
        </form>
      )}
      {/* Marks and counts are a learner's: staff read the outline, with each exercise's access status. */}
      <CourseOutline
        courseId={course.id}
        path={path}
        showProgress={member?.role === "learner"}
        schedules={schedules?.byExercise ?? null}
      />
    </div>
  );
}
