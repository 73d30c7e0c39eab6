import type { Metadata } from "next";
import Link from "next/link";
import { CourseActivity } from "@/components/analytics/course-activity";
import { CourseCompletion } from "@/components/analytics/course-completion";
import { buildCourseAnalytics } from "@/server/analytics/course-analytics";
import { getDb } from "@/server/db";
import { requireStaff } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Course analytics" };

/**
 * For a course's staff: how the course goes. Completion per module and exercise (each exercise leading to its own
 * analytics), knowledge checks answered right at the first try, and learners active per day.
 */
export default async function CourseAnalyticsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  await requireStaff(courseId, `/courses/${courseId}/analytics`);
  const db = getDb();
  const [analytics, course] = await Promise.all([buildCourseAnalytics(db, courseId), db.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true } })]);
  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{course.title}</Link> /
      </p>
      <h1>Course analytics</h1>
      <p>
        <Link href={`/courses/${courseId}/gradebook`}>Gradebook</Link> · <Link href={`/courses/${courseId}/audit`}>Audit log</Link> ·{" "}
        <span className="muted">
          {analytics.learners} learner{analytics.learners === 1 ? "" : "s"} enrolled
        </span>
      </p>
      <CourseCompletion courseId={courseId} learners={analytics.learners} modules={analytics.modules} exercises={analytics.exercises} />
      <CourseActivity knowledgeChecks={analytics.knowledgeChecks} totals={analytics.knowledgeCheckTotals} activity={analytics.activity} />
    </div>
  );
}
