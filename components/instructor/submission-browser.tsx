"use client";

import { useState } from "react";
import type { SubmissionView } from "../../contract/http/submissions";
import { CodeDiff, CodeViewer } from "../editor/code-viewer";
import { creditNote, regradeNote } from "../exercise/credit-note";
import { ResultPanel } from "../exercise/result-panel";
import { formatPoints } from "../format/points";
import { formatWhen } from "../format/when";
import { TableScroll } from "../layout/table-scroll";

/**
 * A learner's submissions to one exercise, for their instructor: each with its time, window, credit, status and
 * score; one shown with its per-check results and its code (read-only); any two compared side by side.
 */
export function SubmissionBrowser({ exerciseId, submissions }: { exerciseId: string; submissions: SubmissionView[] }) {
  const [shownId, setShownId] = useState<string | null>(submissions[0]?.id ?? null);
  const [compared, setCompared] = useState<string[]>([]);
  if (submissions.length === 0) return <p className="empty">No submissions yet.</p>;
  // Numbered from the first submission (1) to the newest, as the learner made them.
  const number = (id: string) => submissions.length - submissions.findIndex((s) => s.id === id);
  const toggleCompared = (id: string) =>
    setCompared((current) => (current.includes(id) ? current.filter((c) => c !== id) : [...current, id].slice(-2)));
  const shown = submissions.find((s) => s.id === shownId) ?? null;
  const pair = compared.length === 2 ? [...compared].sort((a, b) => number(a) - number(b)) : null;
  const older = pair ? submissions.find((s) => s.id === pair[0]) : undefined;
  const newer = pair ? submissions.find((s) => s.id === pair[1]) : undefined;

  return (
    <div className="stack" style={{ gap: "0.75rem" }}>
      <TableScroll label={`Submissions to ${exerciseId}`}>
        <table data-testid={`submissions-${exerciseId}`}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Window</th>
              <th scope="col">Credit</th>
              <th scope="col">Status</th>
              <th scope="col">Score</th>
              <th scope="col">Show</th>
              <th scope="col">Compare</th>
            </tr>
          </thead>
          <tbody>
            {submissions.map((submission) => (
              <tr key={submission.id} aria-selected={submission.id === shownId}>
                <td>{number(submission.id)}</td>
                <td>
                  <time dateTime={submission.createdAt} suppressHydrationWarning>
                    {formatWhen(submission.createdAt)}
                  </time>
                </td>
                <td>{windowLabel(submission)}</td>
                <td>
                  {submission.credit}%{creditNote(submission) ? <span className="muted"> ({creditNote(submission)})</span> : null}
                </td>
                <td>
                  <span className={`status-pill ${submission.status}`}>{submission.result?.status ?? submission.status}</span>
                </td>
                <td>
                  {submission.score === null ? "—" : `${formatPoints(submission.score)} / ${submission.maxScore}`}
                  {submission.rawScore !== null && submission.rawScore !== submission.score ? <span className="muted"> (raw {formatPoints(submission.rawScore)})</span> : null}
                </td>
                <td>
                  <button type="button" className="button ghost" onClick={() => setShownId(submission.id)} aria-pressed={submission.id === shownId}>
                    Show
                  </button>
                </td>
                <td>
                  <label>
                    <input type="checkbox" checked={compared.includes(submission.id)} onChange={() => toggleCompared(submission.id)} />{" "}
                    <span className="sr-only">Compare submission {number(submission.id)}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {older && newer ? (
        <section aria-label="Comparison" data-testid="submission-diff">
          <h4 style={{ margin: "0 0 0.5rem" }}>
            Submission {number(older.id)} → {number(newer.id)}
          </h4>
          <CodeDiff original={older.code} modified={newer.code} label={`Changes from submission ${number(older.id)} to ${number(newer.id)}`} />
        </section>
      ) : compared.length === 1 ? (
        <p className="muted">Tick one more submission to compare the two.</p>
      ) : null}
      {shown ? (
        <section aria-label={`Submission ${number(shown.id)}`} className="stack" style={{ gap: "0.5rem" }}>
          <ResultPanel
            heading={`Submission ${number(shown.id)}`}
            status={shown.result?.status ?? shown.status}
            message={shown.result?.message ?? shown.message ?? "Not graded yet."}
            score={shown.score}
            maxScore={shown.maxScore}
            checks={shown.result?.checks ?? []}
            compileErrors={shown.result?.compileErrors ?? []}
            console={shown.result?.console ?? ""}
            credit={creditNote(shown) ? { note: creditNote(shown) ?? "", rawScore: shown.rawScore } : null}
            regraded={regradeNote(shown)}
          />
          <CodeViewer value={shown.code} path={`file:///review/${exerciseId}/${shown.id}.ts`} label={`Code of submission ${number(shown.id)}`} />
        </section>
      ) : null}
    </div>
  );
}

function windowLabel(submission: SubmissionView): string {
  if (submission.windowIndex !== null) return `window ${submission.windowIndex + 1}`;
  return submission.creditReason === "extension" ? "extension" : "—";
}
