import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AttemptsAndScores } from "@/components/analytics/attempts-and-scores";
import { CheckFailuresSection } from "@/components/analytics/check-failures";
import { HardestCheck } from "@/components/analytics/hardest-check";
import { SubmissionTimelineSection } from "@/components/analytics/submission-timeline";
import { formatDuration } from "@/components/format/duration";
import { buildExerciseAnalytics } from "@/server/analytics/exercise-analytics";
import { getDb } from "@/server/db";
import { requireStaff } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Exercise analytics" };

type Params = Promise<{ courseId: string; exerciseId: string }>;

/**
 * For a course's staff: where learners struggle on one exercise. The hardest check first, then every check's fail
 * share with its most common failure, grades and attempts to full marks, submissions against the deadline, and how
 * long from first opening the lesson to full marks.
 */
export default async function ExerciseAnalyticsPage({ params }: { params: Params }) {
  const { courseId, exerciseId } = await params;
  await requireStaff(courseId, `/courses/${courseId}/exercises/${exerciseId}/analytics`);
  const db = getDb();
  const analytics = await buildExerciseAnalytics(db, courseId, exerciseId);
  if (!analytics) notFound();
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true } });
  const { exercise, hardestCheck, checks, timeToFullMarks } = analytics;
  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{course.title}</Link> /{" "}
        <Link href={`/courses/${courseId}/analytics`}>Analytics</Link> / <Link href={`/courses/${courseId}/exercises/${exercise.id}`}>{exercise.id}</Link> /
      </p>
      <h1>
        Analytics: <code>{exercise.id}</code> {exercise.title}
      </h1>
      <dl className="figures" aria-label="The exercise in figures">
        <div>
          <dt>Learners who submitted</dt>
          <dd>
            {analytics.submitted} <span className="muted">of {analytics.learners}</span>
          </dd>
        </div>
        <div>
          <dt>With full marks</dt>
          <dd>{analytics.scores.fullMarks}</dd>
        </div>
        <div>
          <dt>Median attempts to full marks</dt>
          <dd>{analytics.attemptsToFullMarks.median ?? "—"}</dd>
        </div>
        <div>
          <dt>Median time, first open to full marks</dt>
          <dd data-testid="median-time-to-full-marks">{timeToFullMarks.medianMs === null ? "—" : formatDuration(timeToFullMarks.medianMs)}</dd>
        </div>
      </dl>
      {analytics.learners === 0 ? <p className="empty">No learner is enrolled yet: these figures fill in as learners submit.</p> : null}
      <HardestCheck check={hardestCheck === null ? null : (checks[hardestCheck] ?? null)} />
      <CheckFailuresSection checks={checks} hardest={hardestCheck} />
      {analytics.unreadableResults > 0 ? (
        <p className="muted">
          {analytics.unreadableResults} learner{analytics.unreadableResults === 1 ? "'s" : "s'"} latest result could not be read (stored by an older grader) and is not counted above.
        </p>
      ) : null}
      <AttemptsAndScores scores={analytics.scores} attempts={analytics.attemptsToFullMarks} />
      <SubmissionTimelineSection timeline={analytics.timeline} />
      <p className="muted">
        Time to full marks is measured from the first time a learner opened the exercise&apos;s lesson, over {timeToFullMarks.learners} learner
        {timeToFullMarks.learners === 1 ? "" : "s"}
        {timeToFullMarks.fullMarksBeforeOpen > 0 ? ` (${timeToFullMarks.fullMarksBeforeOpen} reached full marks before any recorded open and are left out)` : ""}. Figures
        computed {analytics.generatedAt.slice(0, 16).replace("T", " ")} UTC.
      </p>
    </div>
  );
}
