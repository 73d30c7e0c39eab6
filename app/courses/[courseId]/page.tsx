import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccessStatus } from "@/components/access/access-status";
import { ProgressBar } from "@/components/layout/progress-bar";
import { courseSchedules } from "@/server/access/schedules";
import { correctKnowledgeChecks, findCourseOutline, knowledgeCheckPoints } from "@/server/courses";
import { getDb } from "@/server/db";
import { finalScores } from "@/server/grades";
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
  const lessons = course.modules.flatMap((m) => m.lessons);
  const exercises = lessons.flatMap((l) => l.exercises);
  // Final grades: an instructor's override counts in place of the automatic one.
  const best = user ? await finalScores(db, user.id, exercises.map((e) => e.id)) : new Map<string, number>();
  const correct = user ? await correctKnowledgeChecks(db, user.id) : new Set<string>();
  const checks = lessons.flatMap((l) => l.knowledgeChecks);
  const checksCorrect = checks.filter((check) => correct.has(check.id)).length;
  const earned = exercises.reduce((sum, e) => sum + (best.get(e.id) ?? 0), 0) + knowledgeCheckPoints(checksCorrect);
  const possible = exercises.reduce((sum, e) => sum + e.maxScore, 0) + knowledgeCheckPoints(checks.length);
  const schedules = user && role ? await courseSchedules(db, user.id, course.id, role) : null;

  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> /
      </p>
      <h1>{course.title}</h1>
      <p style={{ maxWidth: "46rem" }}>{course.summary}</p>
      {role ? (
        <div className="card" style={{ maxWidth: "30rem" }}>
          <p style={{ marginTop: 0 }}>
            You are enrolled{role === "instructor" ? " as an instructor" : ""}.
          </p>
          <ProgressBar value={earned} max={possible} label="Your progress in this course" />
          {schedules?.grace ? (
            <p data-testid="grace-days">
              Grace days: <strong>{schedules.grace.left}</strong> of {schedules.grace.budget} left. A late submission uses them
              automatically for full credit, one per day late.
            </p>
          ) : null}
          {role === "instructor" ? (
            <p style={{ marginBottom: 0 }}>
              <Link href={`/courses/${course.id}/gradebook`}>Open the gradebook</Link> ·{" "}
              <Link href={`/courses/${course.id}/extensions`}>Extensions</Link>
            </p>
          ) : null}
        </div>
      ) : (
        <form action={enrollAction.bind(null, course.id)}>
          <button type="submit" className="button primary">
            {user ? "Enroll in this course" : "Sign in to enroll"}
          </button>
        </form>
      )}
      {course.modules.length === 0 ? <p className="empty">This course has no lessons yet.</p> : null}
      <ol className="stack" style={{ listStyle: "none", padding: 0 }}>
        {course.modules.map((module) => (
          <li key={module.id} className="card">
            <h2 style={{ fontSize: "1.2rem" }}>
              Module {module.position}. {module.title}
            </h2>
            <ol>
              {module.lessons.map((lesson) => (
                <li key={lesson.id}>
                  <Link href={`/courses/${course.id}/${lesson.slug}`}>{lesson.title}</Link>
                  <span className="muted"> — {lesson.summary}</span>
                  {lesson.knowledgeChecks.length > 0 ? (
                    <span className="muted">
                      {" "}
                      ({lesson.knowledgeChecks.filter((check) => correct.has(check.id)).length} of{" "}
                      {lesson.knowledgeChecks.length} knowledge checks answered correctly)
                    </span>
                  ) : null}
                  {lesson.exercises.length > 0 ? (
                    <ul>
                      {lesson.exercises.map((exercise) => (
                        <li key={exercise.id}>
                          Exercise <code>{exercise.id}</code>: {exercise.title}{" "}
                          <span className="muted">
                            ({best.has(exercise.id) ? `${best.get(exercise.id)} / ` : ""}
                            {exercise.maxScore} points)
                          </span>{" "}
                          <AccessStatus schedule={schedules?.byExercise.get(exercise.id) ?? null} compact />
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </div>
  );
}
