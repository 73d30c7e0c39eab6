"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { regradeResponseSchema, type RegradeResponse } from "../../contract/http/regrades";
import { ApiError, callApi } from "../api/call-api";
import { formatPoints } from "../format/points";
import { TableScroll } from "../layout/table-scroll";

type Run = RegradeResponse["run"];

/**
 * The regrade button of an instructor's exercise page: preview first (every graded submission graded again against
 * the current version, nothing changed), read the score changes, then apply them (graded again, for real). A
 * progress bar follows either while the grading queue works through it.
 */
export function RegradePanel({ courseId, exerciseId, graded }: { courseId: string; exerciseId: string; graded: number }) {
  const router = useRouter();
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  // Follows the run until it is done (twice a second: a regrade of a few hundred submissions takes seconds).
  const runId = run?.status === "running" ? run.runId : null;
  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    const timer = setInterval(() => {
      callApi(`/api/courses/${encodeURIComponent(courseId)}/regrades/${encodeURIComponent(runId)}`, regradeResponseSchema).then(
        ({ run: latest }) => {
          if (stopped) return;
          setRun(latest);
          if (latest.status === "done" && !latest.dryRun) router.refresh();
        },
        (reason: unknown) => !stopped && setError(reason instanceof ApiError ? reason.message : String(reason)),
      );
    }, 500);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [courseId, runId, router]);

  async function start(dryRun: boolean) {
    setStarting(true);
    setError(null);
    try {
      const path = `/api/courses/${encodeURIComponent(courseId)}/exercises/${encodeURIComponent(exerciseId)}/regrades`;
      setRun((await callApi(path, regradeResponseSchema, { method: "POST", body: JSON.stringify({ dryRun }) })).run);
    } catch (reason) {
      setError(reason instanceof ApiError ? reason.message : String(reason));
    } finally {
      setStarting(false);
    }
  }

  const busy = starting || run?.status === "running";
  const finished = run ? run.regraded + run.failed : 0;
  return (
    <div className="stack" style={{ gap: "0.75rem" }} data-testid="regrade-panel">
      <p style={{ margin: 0 }}>
        Regrading grades every graded submission of this exercise again ({graded} now) against its current version, with the
        same data each was graded with: only a changed check changes a grade. Learners whose grade changes see it on their
        submission.
      </p>
      <div className="row" style={{ gap: "0.5rem" }}>
        <button type="button" className="button" disabled={busy || graded === 0} onClick={() => void start(true)}>
          Preview regrade
        </button>
        {run?.dryRun && run.status === "done" ? (
          <button type="button" className="button primary" disabled={busy} onClick={() => void start(false)}>
            Apply: regrade for real
          </button>
        ) : null}
      </div>
      {error ? (
        <p className="alert error" role="alert">
          {error}
        </p>
      ) : null}
      {run ? (
        <section aria-label={run.dryRun ? "Regrade preview" : "Regrade"} className="stack" style={{ gap: "0.5rem" }}>
          <div className="progress" role="progressbar" aria-label={run.dryRun ? "Previewing the regrade" : "Regrading"} aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={finished}>
            <span style={{ width: `${run.total === 0 ? 100 : Math.round((100 * finished) / run.total)}%` }} />
          </div>
          <p style={{ margin: 0 }} data-testid="regrade-status" role="status">
            {run.status === "running"
              ? `${run.dryRun ? "Previewing" : "Regrading"}: ${finished} of ${run.total} submissions…`
              : run.dryRun
                ? `Preview: ${run.changed} of ${run.total} grades would change (${run.failed} failed). Nothing has changed yet.`
                : `Regraded ${run.regraded} of ${run.total} submissions: ${run.changed} changed, ${run.failed} failed.`}
          </p>
          {run.changes.length > 0 ? (
            <TableScroll label={run.dryRun ? "Grades that would change" : "Grades that changed"}>
              <table data-testid="regrade-changes">
                <thead>
                  <tr>
                    <th scope="col">Learner</th>
                    <th scope="col">Submission</th>
                    <th scope="col">{run.dryRun ? "Would change" : "Changed"}</th>
                  </tr>
                </thead>
                <tbody>
                  {run.changes.map((change) => (
                    <tr key={change.submissionId}>
                      <td>
                        {change.name} <span className="muted">{change.email}</span>
                      </td>
                      <td>
                        <code>{change.submissionId}</code>
                      </td>
                      <td>
                        {change.oldScore === null ? "—" : formatPoints(change.oldScore)} → {change.newScore === null ? "—" : formatPoints(change.newScore)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : run.status === "done" ? (
            <p className="empty">No grade {run.dryRun ? "would change" : "changed"}.</p>
          ) : null}
          {run.failures.length > 0 ? (
            <ul>
              {run.failures.map((failure) => (
                <li key={failure}>{failure}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
