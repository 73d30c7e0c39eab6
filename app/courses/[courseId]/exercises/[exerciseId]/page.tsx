import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { Histogram } from "@/components/charts/histogram";
import { tenthsOfMax } from "@/components/charts/score-bins";
import { formatWhen } from "@/components/format/when";
import { RegradePanel } from "@/components/instructor/regrade-panel";
import { exerciseAccessRules } from "@/server/access/rules";
import { getDb } from "@/server/db";
import { buildGradebook } from "@/server/gradebook";
import { regradeProgress } from "@/server/regrade/runs";
import { findCourseAccess, requireStaff } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Exercise" };

type Params = Promise<{ courseId: string; exerciseId: string }>;

/**
 * An exercise's own address (LMS links and deep-linked items point here). A learner of the course is sent to the
 * exercise in its lesson, where they work on it; staff see the exercise as they run it: how learners did (and a link to its analytics), when it is open and for what
 * credit, the exercise's recent regrades and, for instructors, the regrade button (preview the score changes, then
 * apply them). Teaching assistants see the regrades without the button: a regrade changes every learner's grade.
 */
export default async function InstructorExercisePage({ params }: { params: Params }) {
  const { courseId, exerciseId } = await params;
  const db = getDb();
  if ((await findCourseAccess(courseId)).role === "learner") {
    const lesson = await db.exercise.findFirst({ where: { id: exerciseId, courseId }, select: { lesson: { select: { slug: true } } } });
    if (lesson) redirect(`/courses/${encodeURIComponent(courseId)}/${encodeURIComponent(lesson.lesson.slug)}#exercise-${encodeURIComponent(exerciseId)}`);
  }
  const { role } = await requireStaff(courseId, `/courses/${courseId}/exercises/${exerciseId}`);
  const exercise = await db.exercise.findFirst({ where: { id: exerciseId, courseId }, select: { id: true, title: true, maxScore: true, contentHash: true, course: { select: { title: true } } } });
  if (!exercise) notFound();
  const [gradebook, rules, graded, runs] = await Promise.all([
    buildGradebook(db, courseId),
    exerciseAccessRules(courseId, exerciseId),
    db.submission.count({ where: { exerciseId, status: "graded" } }),
    db.regradeRun.findMany({ where: { exerciseId }, orderBy: { createdAt: "desc" }, take: 5, select: { id: true } }),
  ]);
  const stats = gradebook.exercises.find((e) => e.id === exerciseId);
  const recent = (await Promise.all(runs.map((run) => regradeProgress(db, run.id)))).filter((run) => run !== null);
  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{exercise.course.title}</Link> /{" "}
        <Link href={`/courses/${courseId}/gradebook`}>Gradebook</Link> /
      </p>
      <h1>
        <code>{exercise.id}</code> {exercise.title}
      </h1>
      <p className="muted">
        Version <code>{exercise.contentHash}</code> · {exercise.maxScore} points
      </p>
      {stats ? (
        <section className="card" aria-label="How learners did">
          <p style={{ marginTop: 0 }}>
            {stats.attempted} of {gradebook.learnerCount} learners attempted · {stats.fullMarks} with full marks
            {stats.meanBest !== null ? ` · mean grade ${stats.meanBest.toFixed(1)} / ${stats.maxScore}` : ""}
          </p>
          <Histogram
            id={`grades-${exercise.id}`}
            title="Grades"
            headingLevel={2}
            {...tenthsOfMax(stats.histogram)}
            xLabel="grade (% of max)"
            yLabel="learners"
            emptyText="No learner has a grade on this exercise yet."
          />
          <p style={{ marginBottom: 0 }}>
            <Link href={`/courses/${courseId}/exercises/${exercise.id}/analytics`}>Analytics: the hardest checks, attempts, and submissions against the deadline</Link>
          </p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="access-heading">
        <h2 id="access-heading" style={{ fontSize: "1.1rem", marginTop: 0 }}>
          When it is open
        </h2>
        {rules?.windows ? (
          <ol>
            {rules.windows.map((window, index) => (
              <li key={window.until}>
                {index === 0 && window.from ? `From ${formatWhen(window.from, "UTC")} until ` : "Until "}
                {formatWhen(window.until, "UTC")}: {window.credit}% credit
              </li>
            ))}
            <li>Then closed (extensions aside).</li>
          </ol>
        ) : (
          <p className="muted">Always open, at full credit (no access windows in its settings, its module's or its course's).</p>
        )}
      </section>
      <section className="card" aria-labelledby="regrade-heading">
        <h2 id="regrade-heading" style={{ fontSize: "1.1rem", marginTop: 0 }}>
          Regrade
        </h2>
        {role === "instructor" ? (
          <RegradePanel courseId={courseId} exerciseId={exercise.id} graded={graded} />
        ) : (
          <p className="muted">Only the course&apos;s instructors can regrade.</p>
        )}
        {recent.length > 0 ? (
          <>
            <h3 style={{ fontSize: "1rem" }}>Recent regrades</h3>
            <ul data-testid="recent-regrades">
              {recent.map((run) => (
                <li key={run.runId}>
                  {run.dryRun ? "Preview" : "Regrade"} against <code>{run.exerciseVersion}</code>: {run.regraded} of {run.total} graded, {run.changed}{" "}
                  {run.dryRun ? "would change" : "changed"}, {run.failed} failed{run.status === "running" ? " (running)" : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}
