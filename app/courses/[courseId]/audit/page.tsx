import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditLog } from "@/components/audit/audit-log";
import { auditFilterSchema, type AuditFilter } from "@/contract/http/audit";
import { listAuditEntries } from "@/server/audit/query";
import { findCourseOutline } from "@/server/courses";
import { getDb } from "@/server/db";
import { requireStaff } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** For a course's staff (instructors, teaching assistants, admins): the course's privileged acts, newest first, filterable and exportable. */
export default async function CourseAuditPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: SearchParams }) {
  const { courseId } = await params;
  await requireStaff(courseId, `/courses/${courseId}/audit`);
  const db = getDb();
  const course = await findCourseOutline(db, courseId);
  if (!course) notFound();
  const parsed = auditFilterSchema.safeParse(await searchParams);
  // The course is the page's; a course filter in the URL is ignored here (the query's scope wins anyway).
  const filter: AuditFilter = parsed.success ? { ...parsed.data, course: undefined } : {};
  const page = await listAuditEntries(db, { kind: "course", courseId }, filter);
  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{course.title}</Link> /{" "}
        <Link href={`/courses/${courseId}/gradebook`}>Gradebook</Link> /
      </p>
      <h1>Audit log</h1>
      <p className="muted">The course&apos;s extensions, grades set by hand, regrades and content changes: who, when, from which address, before and after.</p>
      <AuditLog path={`/courses/${courseId}/audit`} exportPath={`/courses/${courseId}/audit.csv`} filter={filter} entries={page.entries} nextBefore={page.nextBefore} showCourse={false} />
    </div>
  );
}
