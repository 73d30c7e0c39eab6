import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatWhen } from "@/components/format/when";
import { formatPoints } from "@/components/format/points";
import { OverrideForm } from "@/components/instructor/override-form";
import { SubmissionBrowser } from "@/components/instructor/submission-browser";
import { CheckText } from "@/components/knowledge-check/check-text";
import { TableScroll } from "@/components/layout/table-scroll";
import { findCourseOutline } from "@/server/courses";
import { getDb } from "@/server/db";
import { findLearnerWork } from "@/server/learner-work";
import { requireStaff } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "A learner's work" };

type Params = Promise<{ courseId: string; userId: string }>;

/**
 * For the course's staff (instructors, teaching assistants): one learner's work in the course, exercise by exercise (grade, override with
 * history, extension, every submission with its window, credit, results and code, any two compared) and their
 * knowledge-check answers. Anyone else gets 403; a user who is not a learner of this course, 404.
 */
export default async function LearnerWorkPage({ params }: { params: Params }) {
  const { courseId, userId } = await params;
  await requireStaff(courseId, `/courses/${courseId}/learners/${userId}`);
  const db = getDb();
  const [course, work] = await Promise.all([findCourseOutline(db, courseId), findLearnerWork(db, courseId, userId)]);
  if (!course || !work) notFound();
  const total = work.exercises.reduce((sum, e) => sum + (e.grade.final ?? 0), 0);
  const possible = work.exercises.reduce((sum, e) => sum + e.maxScore, 0);
  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{course.title}</Link> /{" "}
        <Link href={`/courses/${courseId}/gradebook`}>Gradebook</Link> /
      </p>
      <h1>
        {work.learner.name} <span className="muted" style={{ fontSize: "1rem" }}>{work.learner.email}</span>
      </h1>
      <p data-testid="learner-total">
        Total: <strong>{formatPoints(total)}</strong> / {possible} points over {work.exercises.length} exercises.
        {work.graceDays ? ` Grace days: ${work.graceDays.spent} of ${work.graceDays.budget} used.` : ""}
      </p>
      {work.exercises.map((exercise) => (
        <section key={exercise.id} id={`exercise-${exercise.id}`} className="card stack learner-exercise" aria-labelledby={`heading-${exercise.id}`} style={{ gap: "0.75rem" }}>
          <h2 id={`heading-${exercise.id}`} style={{ fontSize: "1.1rem", margin: 0 }}>
            <code>{exercise.id}</code> {exercise.title} <span className="muted">({exercise.moduleTitle} · {exercise.lessonTitle})</span>
          </h2>
          <p style={{ margin: 0 }} data-testid={`grade-${exercise.id}`}>
            Grade: <strong>{exercise.grade.final === null ? "—" : `${formatPoints(exercise.grade.final)} / ${exercise.maxScore}`}</strong>
            {exercise.grade.override ? (
              <span className="muted">
                {" "}
                (set by hand; automatic {exercise.grade.automatic === null ? "—" : formatPoints(exercise.grade.automatic)})
              </span>
            ) : null}
            {" · "}
            {exercise.grade.attempts} submission{exercise.grade.attempts === 1 ? "" : "s"}
            {exercise.grade.late ? " · some late" : ""}
            {exercise.extension ? (
              <span>
                {" "}
                · extension until <time dateTime={exercise.extension.until}>{formatWhen(exercise.extension.until, "UTC")}</time> at {exercise.extension.credit}%
              </span>
            ) : null}
          </p>
          <details open={exercise.overrides.length > 0}>
            <summary>Set the grade by hand{exercise.overrides.length > 0 ? ` (${exercise.overrides.length} change${exercise.overrides.length === 1 ? "" : "s"} so far)` : ""}</summary>
            <OverrideForm
              courseId={courseId}
              userId={work.learner.id}
              exerciseId={exercise.id}
              maxScore={exercise.maxScore}
              automatic={exercise.grade.automatic}
              current={exercise.grade.override}
              history={exercise.overrides}
            />
          </details>
          <details open={exercise.submissions.length > 0}>
            <summary>Submissions{exercise.olderSubmissions > 0 ? ` (the latest ${exercise.submissions.length}; ${exercise.olderSubmissions} older not shown)` : ""}</summary>
            <SubmissionBrowser exerciseId={exercise.id} submissions={exercise.submissions} />
          </details>
        </section>
      ))}
      <section aria-labelledby="knowledge-heading" className="card">
        <h2 id="knowledge-heading" style={{ fontSize: "1.1rem" }}>
          Knowledge checks
        </h2>
        {work.knowledgeChecks.length === 0 ? (
          <p className="empty">No knowledge check answered yet.</p>
        ) : (
          <TableScroll label="Knowledge-check answers">
            <table data-testid="learner-knowledge-checks">
              <thead>
                <tr>
                  <th scope="col">Lesson</th>
                  <th scope="col">Question</th>
                  <th scope="col">Last answer</th>
                  <th scope="col">Correct (ever)</th>
                  <th scope="col">Answers</th>
                </tr>
              </thead>
              <tbody>
                {work.knowledgeChecks.map((check) => (
                  <tr key={check.id}>
                    <td>{check.lessonTitle}</td>
                    <td>
                      <code>{check.checkId}</code>{" "}
                      <span className="muted">
                        <CheckText text={check.question} />
                      </span>
                    </td>
                    <td>
                      <code>{check.lastAnswer}</code> {check.lastCorrect ? "(right)" : "(wrong)"}
                    </td>
                    <td>{check.correct ? "yes" : "no"}</td>
                    <td>{check.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
