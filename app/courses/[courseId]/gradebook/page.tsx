import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ScoreHistogram } from "@/components/charts/score-histogram";
import { CheckText } from "@/components/knowledge-check/check-text";
import { findCourseOutline } from "@/server/courses";
import { getDb } from "@/server/db";
import { buildGradebook } from "@/server/gradebook";
import { requireInstructor } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Gradebook" };

/** For a course's instructors (and admins): every learner's best score per exercise, and how each exercise went. */
export default async function GradebookPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  await requireInstructor(courseId, `/courses/${courseId}/gradebook`);
  const db = getDb();
  const course = await findCourseOutline(db, courseId);
  if (!course) notFound();
  const { rows, exercises, knowledgeChecks } = await buildGradebook(db, courseId);
  const possible = exercises.reduce((sum, e) => sum + e.maxScore, 0);
  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{course.title}</Link> /
      </p>
      <h1>Gradebook</h1>
      <p>
        <Link href={`/courses/${courseId}/extensions`}>Extensions</Link>
      </p>
      <section className="grid" aria-label="Exercises">
        {exercises.map((exercise) => (
          <div key={exercise.id} className="card">
            <h2 style={{ fontSize: "1.05rem" }}>
              <code>{exercise.id}</code> {exercise.title}
            </h2>
            <p className="muted">
              {exercise.attempted} of {rows.length} learners attempted · {exercise.fullMarks} with full marks
              {exercise.meanBest !== null ? ` · mean best ${exercise.meanBest.toFixed(1)} / ${exercise.maxScore}` : ""}
            </p>
            <ScoreHistogram histogram={exercise.histogram} label={`Best scores for ${exercise.id}`} />
          </div>
        ))}
      </section>
      {knowledgeChecks.length > 0 ? (
        <section aria-labelledby="knowledge-checks-heading">
          <h2 id="knowledge-checks-heading" style={{ fontSize: "1.2rem" }}>
            Knowledge checks
          </h2>
          <div style={{ overflowX: "auto" }}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Lesson</th>
                  <th scope="col">Check</th>
                  <th scope="col">Answered correctly</th>
                  <th scope="col">First try</th>
                  <th scope="col">Answered</th>
                </tr>
              </thead>
              <tbody>
                {knowledgeChecks.map((check) => (
                  <tr key={check.id} data-testid="knowledge-check-stats">
                    <td>{check.lessonTitle}</td>
                    <th scope="row" style={{ fontWeight: 400 }}>
                      <code>{check.checkId}</code>{" "}
                      <span className="muted">
                        <CheckText text={check.question} />
                      </span>
                    </th>
                    <td>
                      {check.correct} of {rows.length} learners
                    </td>
                    <td>{check.firstTry}</td>
                    <td>{check.answered}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {rows.length === 0 ? (
        <p className="empty">No learners are enrolled yet. Share the course link: learners enroll from the course page.</p>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <table>
            <thead>
              <tr>
                <th scope="col">Learner</th>
                {exercises.map((exercise) => (
                  <th key={exercise.id} scope="col">
                    <code>{exercise.id}</code>
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.userId}>
                  <th scope="row">
                    {row.name} <span className="muted">{row.email}</span>
                  </th>
                  {exercises.map((exercise) => {
                    const cell = row.cells[exercise.id];
                    return (
                      <td key={exercise.id}>
                        {cell?.best === null || cell?.best === undefined ? "—" : `${cell.best} / ${exercise.maxScore}`}
                        <span className="muted"> ({cell?.attempts ?? 0} submission{cell?.attempts === 1 ? "" : "s"})</span>
                      </td>
                    );
                  })}
                  <td>
                    {row.total} / {possible}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
