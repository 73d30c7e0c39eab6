"use client";

import type { SubmissionView } from "../../contract/http/submissions";
import { formatPoints } from "../format/points";
import { TableScroll } from "../layout/table-scroll";
import { creditNote, regradeNote } from "./credit-note";

/** The learner's submissions, newest first; choosing one shows its result and can restore its code. */
export function SubmissionHistory({
  submissions,
  selectedId,
  onSelect,
  onRestore,
}: {
  submissions: SubmissionView[];
  selectedId: string | null;
  onSelect(id: string): void;
  onRestore(code: string): void;
}) {
  if (submissions.length === 0) {
    return <p className="empty">No submissions yet. When your public checks pass, press Submit to get graded.</p>;
  }
  return (
    <div className="history" data-testid="submission-history">
      <TableScroll label="Your submissions">
        <table>
          <caption className="muted" style={{ textAlign: "left" }}>
            Your submissions
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Status</th>
              <th scope="col">Score</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {submissions.map((submission) => (
              <tr key={submission.id} aria-selected={submission.id === selectedId}>
                <td>
                  <time dateTime={submission.createdAt}>{new Date(submission.createdAt).toLocaleString()}</time>
                </td>
                <td>
                  <span className={`status-pill ${submission.status}`}>{submission.status}</span>
                </td>
                <td>
                  {submission.score === null ? "—" : `${formatPoints(submission.score)} / ${submission.maxScore}`}
                  {creditNote(submission) ? <span className="credit-note"> ({creditNote(submission)})</span> : null}
                  {regradeNote(submission) ? <span className="regrade-note"> ({regradeNote(submission)})</span> : null}
                </td>
                <td className="row" style={{ gap: "0.25rem" }}>
                  <button type="button" className="button ghost" onClick={() => onSelect(submission.id)}>
                    Show
                  </button>
                  <button type="button" className="button ghost" onClick={() => onRestore(submission.code)}>
                    Load code
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
