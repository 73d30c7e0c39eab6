import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Histogram } from "@/components/charts/histogram";
import { tenthsOfMax } from "@/components/charts/score-bins";
import { formatPoints } from "@/components/format/points";
import { CheckText } from "@/components/knowledge-check/check-text";
import { TableScroll } from "@/components/layout/table-scroll";
import { gradebookFilterSchema, type GradebookFilter } from "@/contract/http/gradebook";
import { findCourseOutline } from "@/server/courses";
import { getDb } from "@/server/db";
import { buildGradebook } from "@/server/gradebook";
import { requireStaff } from "@/server/route/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Gradebook" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * For a course's instructors (and admins): every learner's grade per exercise (overrides applied, each cell linked
 * to the learner's work), how each exercise went, filters (module, late work, not started) and the CSV exports,
 * which apply the same filters.
 */
export default async function GradebookPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: SearchParams }) {
  const { courseId } = await params;
  const { role } = await requireStaff(courseId, `/courses/${courseId}/gradebook`);
  const db = getDb();
  const course = await findCourseOutline(db, courseId);
  if (!course) notFound();
  // A filter that does not parse (a hand-edited URL) shows everything rather than an error page.
  const parsed = gradebookFilterSchema.safeParse(await searchParams);
  const filter: GradebookFilter = parsed.success ? parsed.data : { show: "all" };
  const { rows, exercises, knowledgeChecks, modules, learnerCount } = await buildGradebook(db, courseId, filter);
  const possible = exercises.reduce((sum, e) => sum + e.maxScore, 0);
  const exportQuery = (layout: "pagewise" | "canvas") =>
    new URLSearchParams({ ...(filter.module ? { module: filter.module } : {}), ...(filter.show !== "all" ? { show: filter.show } : {}), ...(layout === "canvas" ? { layout } : {}) }).toString();
  return (
    <div className="stack">
      <p className="breadcrumbs">
        <Link href="/courses">Courses</Link> / <Link href={`/courses/${courseId}`}>{course.title}</Link> /
      </p>
      <h1>Gradebook</h1>
      <p>
        <Link href={`/courses/${courseId}/analytics`}>Analytics</Link> ·{" "}
        {role === "instructor" ? (
          <>
            <Link href={`/courses/${courseId}/extensions`}>Extensions</Link> ·{" "}
          </>
        ) : null}
        <Link href={`/courses/${courseId}/audit`}>Audit log</Link> · <Link href={`/courses/${courseId}/lti`}>LMS</Link>
      </p>
      <form className="row gradebook-filters" method="get" aria-label="Filter the gradebook">
        <label>
          Module{" "}
          <select name="module" defaultValue={filter.module ?? ""}>
            <option value="">All modules</option>
            {modules.map((module) => (
              <option key={module.id} value={module.id}>
                {module.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Learners{" "}
          <select name="show" defaultValue={filter.show}>
            <option value="all">All</option>
            <option value="late">With late work</option>
            <option value="not-started">Not started</option>
          </select>
        </label>
        <button type="submit" className="button">
          Apply
        </button>
        <span className="muted">
          Showing {rows.length} of {learnerCount} learners. Download{" "}
          <a href={`/courses/${courseId}/gradebook.csv?${exportQuery("pagewise")}`} download data-testid="export-csv">
            CSV
          </a>{" "}
          or{" "}
          <a href={`/courses/${courseId}/gradebook.csv?${exportQuery("canvas")}`} download data-testid="export-canvas">
            CSV for Canvas
          </a>{" "}
          (with these filters).
        </span>
      </form>
      <section className="grid" aria-label="Exercises">
        {exercises.map((exercise) => (
          <div key={exercise.id} className="card">
            <h2 style={{ fontSize: "1.05rem" }}>
              <Link href={`/courses/${courseId}/exercises/${exercise.id}`}>
                <code>{exercise.id}</code> {exercise.title}
              </Link>
            </h2>
            <p className="muted">
              {exercise.attempted} of {rows.length} learners attempted · {exercise.fullMarks} with full marks
              {exercise.meanBest !== null ? ` · mean best ${exercise.meanBest.toFixed(1)} / ${exercise.maxScore}` : ""}
            </p>
            <Histogram
              id={`best-scores-${exercise.id}`}
              title="Best scores"
              headingLevel={3}
              {...tenthsOfMax(exercise.histogram)}
              xLabel="score (% of max)"
              yLabel="learners"
              emptyText="No learner has a score on this exercise yet."
            />
            <p style={{ margin: 0 }}>
              <Link href={`/courses/${courseId}/exercises/${exercise.id}/analytics`} aria-label={`Analytics of ${exercise.id}`}>
                Analytics
              </Link>
            </p>
          </div>
        ))}
      </section>
      {knowledgeChecks.length > 0 ? (
        <section aria-labelledby="knowledge-checks-heading">
          <h2 id="knowledge-checks-heading" style={{ fontSize: "1.2rem" }}>
            Knowledge checks
          </h2>
          <TableScroll label="Knowledge-check statistics">
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
          </TableScroll>
        </section>
      ) : null}
      {rows.length === 0 ? (
        <p className="empty">
          {learnerCount === 0
            ? "No learners are enrolled yet. Share the course link: learners enroll from the course page."
            : "No learner matches these filters."}
        </p>
      ) : (
        <TableScroll label="Grades">
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
                    const final = cell?.final ?? null;
                    return (
                      <td key={exercise.id} data-testid={`cell-${exercise.id}`}>
                        <Link href={`/courses/${courseId}/learners/${row.userId}#exercise-${exercise.id}`} title={`${row.name}'s work on ${exercise.id}`}>
                          {final === null ? "—" : `${formatPoints(final)} / ${exercise.maxScore}`}
                        </Link>
                        {cell?.override ? (
                          <span className="badge" title={`Set by ${cell.override.setBy ?? "an instructor"}: ${cell.override.reason}`}>
                            override
                          </span>
                        ) : null}
                        {cell?.late ? <span className="badge">late</span> : null}
                        <span className="muted"> ({cell?.attempts ?? 0} submission{cell?.attempts === 1 ? "" : "s"})</span>
                      </td>
                    );
                  })}
                  <td>
                    {formatPoints(row.total)} / {possible}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
