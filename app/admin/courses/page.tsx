import type { Metadata } from "next";
import Link from "next/link";
import { AdminNav } from "@/components/admin/admin-nav";
import { StaffManager } from "@/components/admin/staff-manager";
import { listCourseStaff } from "@/server/admin/staff";
import { getDb } from "@/server/db";
import { requireAdmin } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Courses" };

/**
 * For admins: every course with its staff. Instructors run a course (extensions, regrades, everything staff do);
 * teaching assistants read the gradebook, learners' work, analytics and log, and grade by hand.
 */
export default async function AdminCoursesPage() {
  await requireAdmin("/admin/courses");
  const courses = await listCourseStaff(getDb());
  return (
    <div className="stack">
      <AdminNav current="/admin/courses" />
      <h1>Courses</h1>
      <p className="muted">
        Instructors run a course: extensions, regrades, grades. Teaching assistants read everything staff read and grade by hand, but change no setting.
      </p>
      {courses.length === 0 ? (
        <p className="empty">No course yet: courses come from content/ when the server starts (npm run db:seed).</p>
      ) : (
        courses.map((course) => (
          <section key={course.courseId} className="card stack" aria-labelledby={`course-${course.courseId}`} data-testid="course-staff">
            <h2 id={`course-${course.courseId}`} style={{ fontSize: "1.1rem", margin: 0 }}>
              <Link href={`/courses/${course.courseId}`}>{course.title}</Link>{" "}
              <span className="muted" style={{ fontWeight: 400 }}>
                · {course.learners} learner{course.learners === 1 ? "" : "s"} · <Link href={`/courses/${course.courseId}/gradebook`}>gradebook</Link> ·{" "}
                <Link href={`/courses/${course.courseId}/analytics`}>analytics</Link>
              </span>
            </h2>
            <StaffManager courseId={course.courseId} title={course.title} staff={course.staff} />
          </section>
        ))
      )}
    </div>
  );
}
