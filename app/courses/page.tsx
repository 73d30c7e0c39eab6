import type { Metadata } from "next";
import Link from "next/link";
import { listCatalog } from "@/server/courses";
import { getDb } from "@/server/db";
import { findCurrentUser } from "@/server/session";
import { ProgressBar } from "@/components/layout/progress-bar";

export const metadata: Metadata = { title: "Courses" };
export const dynamic = "force-dynamic";

export default async function CatalogPage() {
  const user = await findCurrentUser();
  const courses = await listCatalog(getDb(), user?.id ?? null);
  return (
    <div className="stack">
      <h1>Courses</h1>
      {courses.length === 0 ? (
        <p className="empty">No courses yet. An instructor adds them under content/ and runs npm run db:seed.</p>
      ) : (
        <ul className="grid" style={{ listStyle: "none", padding: 0 }}>
          {courses.map((course) => (
            <li key={course.id} className="card stack">
              <h2 style={{ fontSize: "1.25rem" }}>
                <Link href={`/courses/${course.id}`}>{course.title}</Link>
              </h2>
              <p>{course.summary}</p>
              <p className="muted">
                {course.lessonCount} lesson{course.lessonCount === 1 ? "" : "s"} · {course.exerciseCount} graded exercise
                {course.exerciseCount === 1 ? "" : "s"}
                {course.knowledgeCheckCount > 0
                  ? ` · ${course.knowledgeCheckCount} knowledge check${course.knowledgeCheckCount === 1 ? "" : "s"}`
                  : ""}
              </p>
              {course.enrolledAs ? (
                <ProgressBar value={course.earned} max={course.possible} label={`Your progress in ${course.title}`} />
              ) : (
                <p className="muted">Not enrolled yet.</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
