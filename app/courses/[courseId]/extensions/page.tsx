import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ExtensionsManager } from "@/components/instructor/extensions-manager";
import { findCourseOutline } from "@/server/courses";
import { getDb } from "@/server/db";
import { listExtensions } from "@/server/extensions";
import { requireInstructor } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Extensions" };

/** For a course's instructors (and admins): grant learners extensions on exercises, and revoke them. */
export default async function ExtensionsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  await requireInstructor(courseId, `/courses/${courseId}/extensions`);
  const db = getDb();
  const course = await findCourseOutline(db, courseId);
  if (!course) notFound();
  const [extensions, learners] = await Promise.all([
    listExtensions(db, courseId),
    db.enrollment.findMany({ where: { courseId, role: "learner" }, select: { user: { select: { name: true, email: true } } }, orderBy: { user: { name: "asc" } } }),
  ]);
  const exercises = course.modules.flatMap((m) => m.lessons.flatMap((l) => l.exercises.map((e) => ({ id: e.id, title: e.title }))));
  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{course.title}</Link> /{" "}
        <Link href={`/courses/${courseId}/gradebook`}>Gradebook</Link> /
      </p>
      <h1>Extensions</h1>
      <ExtensionsManager courseId={courseId} extensions={extensions} learners={learners.map((l) => l.user)} exercises={exercises} />
    </div>
  );
}
